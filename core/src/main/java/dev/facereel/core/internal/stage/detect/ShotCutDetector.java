package dev.facereel.core.internal.stage.detect;

import dev.facereel.core.internal.stage.StageChecks;
import dev.facereel.core.internal.opencv.ImageMats;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.facereel.spi.Image;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Numbers the shots of a stream of sampled frames, finding hard cuts. Each frame is reduced to a tiny
 * grey thumbnail ({@value #SIGNATURE_WIDTH}x{@value #SIGNATURE_HEIGHT}, area-averaged, so it ignores noise and
 * the small shifts of slow camera moves); a frame starts a new shot when the mean absolute difference between
 * its thumbnail and the previous sampled frame's reaches the threshold, in grey levels of 0 to 255.
 *
 * <p>The default threshold, {@value #DEFAULT_THRESHOLD}, sits between what was measured on the synthetic episode
 * at 5 samples a second: at most 4.9 between frames of one shot (slow zooms) and at least 17.4 across a cut.
 *
 * <p>State for resuming: {@link #lastSignature()} and {@link #shot()} after the last frame processed, given back
 * to {@link #resume(int, float[], double)}, make the detector number the following frames exactly as an
 * uninterrupted one would. Not thread-safe: feed it from one thread.
 */
public final class ShotCutDetector {
    /** Thumbnail width of a frame signature. */
    public static final int SIGNATURE_WIDTH = 16;
    /** Thumbnail height of a frame signature. */
    public static final int SIGNATURE_HEIGHT = 9;
    /** Default cut threshold: mean absolute grey-level difference between consecutive signatures. */
    public static final double DEFAULT_THRESHOLD = 10.0;

    private static final int SIGNATURE_LENGTH = SIGNATURE_WIDTH * SIGNATURE_HEIGHT;

    private final double threshold;
    private int shot;
    private float[] last;

    /** A detector with the default threshold, before its first frame. */
    public ShotCutDetector() {
        this(DEFAULT_THRESHOLD);
    }

    /**
     * A detector with the given threshold, before its first frame.
     *
     * @throws IllegalArgumentException when the threshold is not in {@code (0, 255]}
     */
    public ShotCutDetector(double threshold) {
        if (!(threshold > 0 && threshold <= 255)) {
            throw new IllegalArgumentException("shot cut threshold must be in (0, 255], got " + threshold);
        }
        this.threshold = threshold;
        this.shot = -1;
    }

    /**
     * A detector that continues after a frame that was in shot {@code shot} and had signature
     * {@code lastSignature}, as returned by {@link #shot()} and {@link #lastSignature()}.
     *
     * @throws IllegalArgumentException when the shot is negative, the signature is not {@value #SIGNATURE_WIDTH}
     *     x {@value #SIGNATURE_HEIGHT} values in {@code [0,255]}, or the threshold is out of range
     */
    public static ShotCutDetector resume(int shot, float[] lastSignature, double threshold) {
        StageChecks.requireShot(shot);
        Objects.requireNonNull(lastSignature, "lastSignature");
        if (lastSignature.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("a shot signature has " + SIGNATURE_LENGTH + " values, got "
                    + lastSignature.length);
        }
        for (float v : lastSignature) {
            if (!(v >= 0f && v <= 255f)) {
                throw new IllegalArgumentException("shot signature values must be grey levels in [0,255], got " + v);
            }
        }
        ShotCutDetector detector = new ShotCutDetector(threshold);
        detector.shot = shot;
        detector.last = lastSignature.clone();
        return detector;
    }

    /**
     * Takes the next sampled frame and returns its shot index: 0 for the first frame, one more than the
     * previous frame's after a cut, the same otherwise.
     */
    public int next(Image frame) {
        float[] signature = signature(frame);
        if (last == null || distance(last, signature) >= threshold) {
            shot++;
        }
        last = signature;
        return shot;
    }

    /** The shot index of the last frame taken, or -1 before the first. */
    public int shot() {
        return shot;
    }

    /** A copy of the last frame's signature ({@value #SIGNATURE_WIDTH}x{@value #SIGNATURE_HEIGHT} grey levels, row by row), or {@code null} before the first frame. */
    public float[] lastSignature() {
        return last == null ? null : last.clone();
    }

    /** The signature of a frame: its area-averaged grey thumbnail, row by row. */
    static float[] signature(Image frame) {
        byte[] grey = new byte[SIGNATURE_LENGTH];
        try (Mat bgr = ImageMats.toMat(frame);
                Mat full = new Mat();
                Mat small = new Mat();
                Size size = new Size(SIGNATURE_WIDTH, SIGNATURE_HEIGHT)) {
            cvtColor(bgr, full, COLOR_BGR2GRAY);
            resize(full, small, size, 0, 0, INTER_AREA);
            small.data().get(grey);
        }
        float[] out = new float[SIGNATURE_LENGTH];
        for (int i = 0; i < SIGNATURE_LENGTH; i++) {
            out[i] = grey[i] & 0xff;
        }
        return out;
    }

    /** The mean absolute difference between two signatures. */
    static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
