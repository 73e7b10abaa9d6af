package dev.facereel.core.internal.stage.stills;

import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.core.internal.opencv.ImageMats;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Image;
import java.util.Objects;
import java.util.function.IntFunction;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Chooses the still of a track and encodes face crops. A face scores
 * {@code detector score × sqrt(box area) × sharpness}, where sharpness is the variance of the Laplacian of the
 * grey crop: confident, large and in-focus faces win. Crops add {@link #margin()} of the box's size on every side,
 * limited to the frame. Immutable and thread-safe.
 */
final class StillPicker {
    /** Default margin around a face crop, as a fraction of the box's width and height on each side. */
    public static final double DEFAULT_MARGIN = 0.25;
    /** Default JPEG quality, 0 to 100. */
    public static final int DEFAULT_JPEG_QUALITY = 90;

    private final double margin;
    private final int jpegQuality;

    /** A picker with {@link #DEFAULT_MARGIN} and {@link #DEFAULT_JPEG_QUALITY}. */
    public StillPicker() {
        this(DEFAULT_MARGIN, DEFAULT_JPEG_QUALITY);
    }

    /**
     * A picker with the given crop margin and JPEG quality.
     *
     * @throws IllegalArgumentException when the margin is not in {@code [0, 2]} or the quality not in {@code [1, 100]}
     */
    public StillPicker(double margin, int jpegQuality) {
        if (!(margin >= 0 && margin <= 2)) {
            throw new IllegalArgumentException("crop margin must be in [0,2], got " + margin);
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("JPEG quality must be in [1,100], got " + jpegQuality);
        }
        this.margin = margin;
        this.jpegQuality = jpegQuality;
    }

    /** The crop margin, as a fraction of the box size on each side. */
    public double margin() {
        return margin;
    }

    /** The still score of a face in its frame; 0 when its box lies outside the frame. */
    public double score(Image frame, FaceRecord face) {
        BoundingBox box = face.box();
        return face.score() * Math.sqrt(box.area()) * sharpness(frame, box);
    }

    /**
     * The face of the track with the highest {@link #score}, the earliest on ties.
     *
     * @param frames gives the image of a frame number; called once for each face of the track
     */
    public FaceRecord pick(Track track, IntFunction<Image> frames) {
        FaceRecord best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (FaceRecord face : track.faces()) {
            Image frame = Objects.requireNonNull(frames.apply(face.frame()), () -> "no image for frame " + face.frame());
            double score = score(frame, face);
            if (score > bestScore) {
                best = face;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * The face in the box, with the margin, as JPEG bytes.
     *
     * @throws IllegalArgumentException when the box lies outside the frame
     */
    public byte[] cropJpeg(Image frame, BoundingBox box) {
        float dx = (float) (box.width() * margin);
        float dy = (float) (box.height() * margin);
        BoundingBox widened = new BoundingBox(box.x1() - dx, box.y1() - dy, box.x2() + dx, box.y2() + dy);
        try (Mat crop = ImageMats.crop(frame, widened)) {
            if (crop.empty()) {
                throw new IllegalArgumentException("face box " + box + " lies outside the " + frame.width() + "x"
                        + frame.height() + " frame");
            }
            try (BytePointer jpeg = new BytePointer();
                    IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, jpegQuality)) {
                if (!imencode(".jpg", crop, jpeg, params)) {
                    throw new IllegalStateException("OpenCV could not encode a JPEG of " + crop.cols() + "x"
                            + crop.rows());
                }
                byte[] out = new byte[(int) jpeg.limit()];
                jpeg.get(out);
                return out;
            }
        }
    }

    /** The variance of the Laplacian of the grey pixels in the box; 0 when the box lies outside the frame. */
    static double sharpness(Image frame, BoundingBox box) {
        try (Mat crop = ImageMats.crop(frame, box)) {
            if (crop.empty()) {
                return 0;
            }
            try (Mat grey = new Mat();
                    Mat laplacian = new Mat();
                    Mat mean = new Mat();
                    Mat stdDev = new Mat()) {
                cvtColor(crop, grey, COLOR_BGR2GRAY);
                Laplacian(grey, laplacian, CV_64F);
                meanStdDev(laplacian, mean, stdDev);
                double sd = stdDev.ptr().getDouble();
                return sd * sd;
            }
        }
    }
}
