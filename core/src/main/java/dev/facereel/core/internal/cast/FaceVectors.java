package dev.facereel.core.internal.cast;

import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import java.util.Comparator;
import java.util.List;

/** Reference vectors from images: a reference photo, or a track's still when the embedder changes. */
public final class FaceVectors {
    private FaceVectors() {
    }

    /**
     * The embedding of the one face in a reference photo.
     *
     * @throws InvalidInputException naming the photo and the number of faces found unless there is exactly one
     */
    public static float[] ofPhoto(Image photo, String name, Detector detector, Embedder embedder) {
        List<Face> faces = detector.detect(photo);
        if (faces.size() != 1) {
            throw new InvalidInputException("reference photo " + name + " must show exactly one face; " + detector
                    .modelId() + " found " + faces.size());
        }
        return embedder.embed(photo, faces.get(0));
    }

    /**
     * The embedding of a still: of its largest face, or, when the detector finds none in the crop, of the box the
     * still was cut around ({@code margin} of the face's size on each side).
     */
    public static float[] ofStill(Image still, double margin, Detector detector, Embedder embedder) {
        Face face = detector.detect(still).stream().max(Comparator.comparingDouble(f -> f.box().area()))
                .orElseGet(() -> {
                    float fx = (float) (margin / (1 + 2 * margin));
                    return new Face(new BoundingBox(still.width() * fx, still.height() * fx,
                            still.width() * (1 - fx), still.height() * (1 - fx)), 1f);
                });
        return embedder.embed(still, face);
    }
}
