package dev.facereel.core.internal.video;

import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.Landmarks;
import java.util.List;
import java.util.Objects;

/**
 * One decoded frame: its index (presentation order from 0), its time (its presentation timestamp relative to the
 * first frame's), its pixels at full resolution, upright, and a copy scaled down for a detector ({@code
 * analysisImage}, the same object as {@code image} when no scaling was asked for or needed).
 * {@link #toFrame(List)} maps faces found in the analysis image back to the full frame's coordinates.
 */
public record VideoFrame(int index, double timeSeconds, Image image, Image analysisImage) {
    public VideoFrame {
        if (index < 0) {
            throw new IllegalArgumentException("frame index must not be negative, got " + index);
        }
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(analysisImage, "analysisImage");
    }

    /** A frame analysed at full resolution. */
    public VideoFrame(int index, double timeSeconds, Image image) {
        this(index, timeSeconds, image, image);
    }

    /** Whether the analysis image is a scaled copy. */
    public boolean scaled() {
        return analysisImage != image;
    }

    /** Faces found in {@link #analysisImage()}, with boxes and landmarks in the full frame's coordinates. */
    public List<Face> toFrame(List<Face> faces) {
        if (!scaled()) {
            return faces;
        }
        float sx = (float) image.width() / analysisImage.width();
        float sy = (float) image.height() / analysisImage.height();
        return faces.stream().map(f -> scale(f, sx, sy)).toList();
    }

    private static Face scale(Face face, float sx, float sy) {
        BoundingBox b = face.box();
        BoundingBox box = new BoundingBox(b.x1() * sx, b.y1() * sy, b.x2() * sx, b.y2() * sy);
        Landmarks landmarks = null;
        if (face.landmarks() != null) {
            float[] xy = face.landmarks().xy();
            for (int i = 0; i < xy.length; i += 2) {
                xy[i] *= sx;
                xy[i + 1] *= sy;
            }
            landmarks = new Landmarks(xy);
        }
        return new Face(box, face.score(), landmarks);
    }
}
