package dev.facereel.core.internal.stage.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.facereel.core.internal.opencv.ImageMats;
import dev.facereel.core.internal.stage.StageChecks;
import dev.facereel.spi.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Numbers the shots of a stream of sampled frames. Each frame is reduced to a grey thumbnail
 * ({@value #SIGNATURE_WIDTH}x{@value #SIGNATURE_HEIGHT}, area-averaged, so it ignores noise); thumbnails are compared
 * after removing their mean and dividing by their standard deviation (at least {@value #STD_FLOOR} grey levels), so
 * that a change of brightness or contrast is no change, and at the best of the shifts of up to {@value #MAX_SHIFT_X}
 * cells sideways and {@value #MAX_SHIFT_Y} up or down (a camera pan or an object moving between two samples). The
 * distance is the mean absolute difference of the normalised values at that shift.
 * <ul>
 *   <li><b>Hard cut</b>: a frame at distance {@value #CUT_DISTANCE} or more from the previous one.
 *   <li><b>Flash</b>: a near-uniform frame (standard deviation below {@value #STD_FLOOR}) that is bright (mean at
 *       least {@value #FLASH_MEAN}) and brighter than the previous frame by {@value #FLASH_JUMP} or more is ignored: it
 *       stays in the current shot and the next frame is compared with the one before it.
 *   <li><b>Fade</b> (through black or any dark, near-uniform frame): a dark frame that ends a fade-out (each frame
 *       the picture of the one before, darker) stays in the shot; a well-exposed frame that follows dark ones is
 *       compared with the last well-exposed frame of the shot, and cuts when it shows something else. A hard cut
 *       to a dark frame (such as an empty black shot) is still a cut.
 *   <li><b>Cross-dissolve</b>: over the last frames of the shot (up to {@link #window()}, about 1.2 s of samples), a
 *       frame at {@value #NEAR_CUT_DISTANCE} or more from an earlier, steady one (within {@value #STEADY} of the
 *       frame before it) while every frame between them is, within
 *       {@value #BLEND_RESIDUAL} of their difference, a mix of the two in increasing proportion, cuts. A pan or a
 *       moving object also takes a frame far from one some samples back, but the frames between are then shifted
 *       copies, not mixes.
 * </ul>
 * A hard cut is also a frame at {@value #NEAR_CUT_DISTANCE} or more whose colours changed too: half the L1 distance
 * of the blue, green and red histograms ({@value #BINS} bins each) at least {@value #COLOUR_CHANGE}. Measured at 5
 * samples a second: between samples of one shot of the synthetic episodes (slow zooms) at most 0.15; across their
 * hard cuts at least 0.41, with a colour change of at least 0.12; an object moving 400 px/s over a still backdrop
 * 0.31 with a colour change of 0.05 at most; a pan of 300 px/s 0.21. The frames of a cross-dissolve are mixes
 * within 0.02 of their ends' difference, those of a slow zoom 0.13 and more; {@code ShotCutDetectorTest} checks
 * pans, flashes, fast motion, fades and dissolves on a clip made of the shared photos.
 *
 * <p>State for resuming: {@link #state()} after the last frame processed, given back to {@link #resume}, makes the
 * detector number the following frames exactly as an uninterrupted one would. Not thread-safe: feed it from one
 * thread.
 */
public final class ShotCutDetector {
    /** Thumbnail width of a frame signature. */
    public static final int SIGNATURE_WIDTH = 32;
    /** Thumbnail height of a frame signature. */
    public static final int SIGNATURE_HEIGHT = 18;
    /** Normalised distance at which two frames belong to different shots. */
    public static final double CUT_DISTANCE = 0.45;
    /** Distance from which a cut needs only a change of colours as well (or, for a dissolve, frames that mix). */
    static final double NEAR_CUT_DISTANCE = 0.35;
    static final double COLOUR_CHANGE = 0.08;
    static final double STEADY = 0.2;
    static final double STD_FLOOR = 12;
    static final double DARK_STD_FLOOR = 3;
    static final double FLASH_MEAN = 170;
    static final double FLASH_JUMP = 40;
    static final double BLEND_RESIDUAL = 0.08;
    static final int MAX_SHIFT_X = 6;
    static final int MAX_SHIFT_Y = 3;
    /** Names the method in the detect stage's settings, so that shots numbered by another one are stale. */
    public static final String VERSION = "shift-normalised-32x18/cut0.45/flash/fade/dissolve";

    private static final int GREY_LENGTH = SIGNATURE_WIDTH * SIGNATURE_HEIGHT;
    private static final int BINS = 16;
    private static final int SIGNATURE_LENGTH = GREY_LENGTH + 3 * BINS;

    /**
     * What the detector remembers after a frame: the shot index (-1 before the first frame), the signatures of the
     * shot's last frames that were not flashes (oldest first, at most the window) and the shot's last well-exposed
     * signature, if any. Immutable.
     *
     * @throws IllegalArgumentException when the shot is below -1, a signature has the wrong length or values
     *     out of range
     */
    public record State(int shot, List<float[]> recent, float[] anchor) {
        public State {
            if (shot != -1) {
                StageChecks.requireShot(shot);
            }
            List<float[]> copy = new ArrayList<>(recent.size());
            for (float[] s : recent) {
                copy.add(checked(s).clone());
            }
            recent = List.copyOf(copy);
            anchor = anchor == null ? null : checked(anchor).clone();
        }

        @Override
        public List<float[]> recent() {
            return recent.stream().map(float[]::clone).toList();
        }

        @Override
        public float[] anchor() {
            return anchor == null ? null : anchor.clone();
        }

        /** The state before the first frame. */
        public static State initial() {
            return new State(-1, List.of(), null);
        }
    }

    private final int window;
    private int shot = -1;
    private final List<float[]> recent = new ArrayList<>();
    private float[] anchor;

    /** A detector for 5 samples a second, before its first frame. */
    public ShotCutDetector() {
        this(5);
    }

    /**
     * A detector for frames sampled {@code samplesPerSecond} times a second, before its first frame.
     *
     * @throws IllegalArgumentException when the rate is not positive and finite
     */
    public ShotCutDetector(double samplesPerSecond) {
        if (!(samplesPerSecond > 0) || Double.isInfinite(samplesPerSecond)) {
            throw new IllegalArgumentException("samples per second must be positive, got " + samplesPerSecond);
        }
        this.window = (int) Math.max(3, Math.min(40, Math.ceil(1.2 * samplesPerSecond) + 1));
    }

    /**
     * A detector for {@code samplesPerSecond} that continues after the frame that left it in {@code state}, as
     * returned by {@link #state()}.
     *
     * @throws IllegalArgumentException when the state holds more signatures than the window of this rate
     */
    public static ShotCutDetector resume(State state, double samplesPerSecond) {
        Objects.requireNonNull(state, "state");
        ShotCutDetector detector = new ShotCutDetector(samplesPerSecond);
        if (state.recent().size() > detector.window) {
            throw new IllegalArgumentException("a shot state holds at most " + detector.window + " signatures at "
                    + samplesPerSecond + " samples a second, got " + state.recent().size());
        }
        detector.shot = state.shot();
        detector.recent.addAll(state.recent());
        detector.anchor = state.anchor();
        return detector;
    }

    /** Signatures kept for finding cross-dissolves: about 1.2 s of samples, plus one. */
    public int window() {
        return window;
    }

    /**
     * Takes the next sampled frame and returns its shot index: 0 for the first frame, one more than the
     * previous frame's after a cut, the same otherwise.
     */
    public int next(Image frame) {
        return next(signature(frame));
    }

    int next(float[] signature) {
        Stats stats = Stats.of(signature);
        if (shot < 0) {
            shot = 0;
            remember(signature, stats);
            return shot;
        }
        float[] last = recent.isEmpty() ? null : recent.get(recent.size() - 1);
        if (last != null && isFlash(stats, Stats.of(last))) {
            return shot;
        }
        if (last == null || isCut(signature, stats, last)) {
            shot++;
            recent.clear();
            anchor = null;
        }
        remember(signature, stats);
        return shot;
    }

    private boolean isCut(float[] signature, Stats stats, float[] last) {
        if (!stats.wellExposed() && fadingOut()) {
            return false;
        }
        double distance = distance(last, signature);
        if (distance >= CUT_DISTANCE
                || (distance >= NEAR_CUT_DISTANCE && colourDistance(last, signature) >= COLOUR_CHANGE)) {
            return true;
        }
        if (!stats.wellExposed()) {
            return false;
        }
        if (!Stats.of(last).wellExposed()) {
            return anchor != null && distance(anchor, signature) >= CUT_DISTANCE;
        }
        return isDissolve(signature);
    }

    /**
     * Whether the shot is fading out: its last frame shows the picture of the one before it, at most 0.8 times as
     * bright (brightness normalised away, down to a standard deviation of {@value #DARK_STD_FLOOR}).
     */
    private boolean fadingOut() {
        if (recent.size() < 2) {
            return false;
        }
        float[] last = recent.get(recent.size() - 1);
        float[] before = recent.get(recent.size() - 2);
        return Stats.of(last).mean() <= 0.8 * Stats.of(before).mean()
                && compare(before, last, DARK_STD_FLOOR)[0] < NEAR_CUT_DISTANCE;
    }

    /**
     * Whether the frames from some earlier one, itself steady (close to the frame before it), to this one are a mix
     * of the two in increasing proportion.
     */
    private boolean isDissolve(float[] to) {
        for (int start = 1; start < recent.size() - 1; start++) {
            float[] from = recent.get(start);
            if (distance(from, to) < NEAR_CUT_DISTANCE || distance(recent.get(start - 1), from) >= STEADY) {
                continue;
            }
            if (blendResidual(recent.subList(start, recent.size()), to) <= BLEND_RESIDUAL) {
                return true;
            }
        }
        return false;
    }

    /**
     * How far the frames after {@code frames.get(0)} are from mixes of it and {@code to} in increasing proportion:
     * the largest mean absolute residual over the mean absolute difference of the two ends; infinite when the
     * proportions do not increase or do not get far enough.
     */
    static double blendResidual(List<float[]> frames, float[] to) {
        float[] from = frames.get(0);
        double dd = 0;
        double spread = 0;
        for (int i = 0; i < GREY_LENGTH; i++) {
            double d = to[i] - from[i];
            dd += d * d;
            spread += Math.abs(d);
        }
        spread /= GREY_LENGTH;
        if (!(dd > 0) || spread < 4) {
            return Double.POSITIVE_INFINITY;
        }
        double previous = 0;
        double worst = 0;
        for (int k = 1; k < frames.size(); k++) {
            float[] mid = frames.get(k);
            if (!Stats.of(mid).wellExposed()) {
                return Double.POSITIVE_INFINITY;
            }
            double dot = 0;
            for (int i = 0; i < GREY_LENGTH; i++) {
                dot += (mid[i] - from[i]) * (double) (to[i] - from[i]);
            }
            double alpha = dot / dd;
            double residual = 0;
            for (int i = 0; i < GREY_LENGTH; i++) {
                residual += Math.abs(mid[i] - from[i] - alpha * (to[i] - from[i]));
            }
            residual /= GREY_LENGTH;
            if (alpha < previous - 0.1 || alpha > 1.1 || alpha - previous > 0.75) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, residual / spread);
            previous = Math.max(previous, alpha);
        }
        return 1 - previous <= 0.75 ? worst : Double.POSITIVE_INFINITY;
    }

    private static boolean isFlash(Stats frame, Stats before) {
        return !frame.wellExposed() && frame.mean() >= FLASH_MEAN && frame.mean() >= before.mean() + FLASH_JUMP;
    }

    private void remember(float[] signature, Stats stats) {
        recent.add(signature);
        if (recent.size() > window) {
            recent.remove(0);
        }
        if (stats.wellExposed()) {
            anchor = signature;
        }
    }

    /** The shot index of the last frame taken, or -1 before the first. */
    public int shot() {
        return shot;
    }

    /** What {@link #resume} needs to continue after the last frame taken. */
    public State state() {
        return new State(shot, recent, anchor);
    }

    /**
     * The signature of a frame: its area-averaged thumbnail in grey, row by row, then the histogram of each of its
     * blue, green and red values in {@value #BINS} bins (pixel counts out of the thumbnail's).
     */
    static float[] signature(Image frame) {
        byte[] bgr = new byte[GREY_LENGTH * 3];
        byte[] grey = new byte[GREY_LENGTH];
        // A portrait frame is thumbnailed at 18x32 and then transposed, so that the thumbnail keeps its proportions
        // (squeezed into the landscape grid, two head shots look alike) and its layout stays the same for each frame.
        boolean portrait = frame.height() > frame.width();
        try (Mat full = ImageMats.toMat(frame);
                Mat upright = new Mat();
                Mat small = new Mat();
                Mat smallGrey = new Mat();
                Size size = portrait ? new Size(SIGNATURE_HEIGHT, SIGNATURE_WIDTH)
                        : new Size(SIGNATURE_WIDTH, SIGNATURE_HEIGHT)) {
            resize(full, portrait ? upright : small, size, 0, 0, INTER_AREA);
            if (portrait) {
                org.bytedeco.opencv.global.opencv_core.transpose(upright, small);
            }
            cvtColor(small, smallGrey, COLOR_BGR2GRAY);
            small.data().get(bgr);
            smallGrey.data().get(grey);
        }
        float[] out = new float[SIGNATURE_LENGTH];
        for (int i = 0; i < GREY_LENGTH; i++) {
            out[i] = grey[i] & 0xff;
            for (int c = 0; c < 3; c++) {
                out[GREY_LENGTH + c * BINS + ((bgr[3 * i + c] & 0xff) >> 4)]++;
            }
        }
        return out;
    }

    /** Half the L1 distance between the colour histograms of two signatures, averaged over the channels: 0 to 1. */
    static double colourDistance(float[] a, float[] b) {
        double sum = 0;
        for (int i = GREY_LENGTH; i < SIGNATURE_LENGTH; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / (2.0 * 3 * GREY_LENGTH);
    }

    /**
     * The distance between two signatures: each normalised to mean 0 and standard deviation 1 (at least
     * {@value #STD_FLOOR} grey levels), the mean absolute difference at the best shift.
     */
    static double distance(float[] a, float[] b) {
        return compare(a, b, STD_FLOOR)[0];
    }

    /** The distance and, at its shift, the fraction of cells that differ by more than 0.5. */
    static double[] compare(float[] a, float[] b, double stdFloor) {
        double[] za = Stats.of(a).normalised(a, stdFloor);
        double[] zb = Stats.of(b).normalised(b, stdFloor);
        double best = Double.MAX_VALUE;
        double bestChanged = 1;
        for (int dy = -MAX_SHIFT_Y; dy <= MAX_SHIFT_Y; dy++) {
            for (int dx = -MAX_SHIFT_X; dx <= MAX_SHIFT_X; dx++) {
                double sum = 0;
                int n = 0;
                int changed = 0;
                for (int y = Math.max(0, -dy); y < Math.min(SIGNATURE_HEIGHT, SIGNATURE_HEIGHT - dy); y++) {
                    int rowA = y * SIGNATURE_WIDTH;
                    int rowB = (y + dy) * SIGNATURE_WIDTH;
                    for (int x = Math.max(0, -dx); x < Math.min(SIGNATURE_WIDTH, SIGNATURE_WIDTH - dx); x++) {
                        double d = Math.abs(za[rowA + x] - zb[rowB + x + dx]);
                        sum += d;
                        changed += d > 0.5 ? 1 : 0;
                        n++;
                    }
                }
                if (sum / n < best) {
                    best = sum / n;
                    bestChanged = changed / (double) n;
                }
            }
        }
        return new double[] {best, bestChanged};
    }

    private static float[] checked(float[] signature) {
        Objects.requireNonNull(signature, "signature");
        if (signature.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("a shot signature has " + SIGNATURE_LENGTH + " values, got "
                    + signature.length);
        }
        for (int i = 0; i < SIGNATURE_LENGTH; i++) {
            float v = signature[i];
            float max = i < GREY_LENGTH ? 255f : GREY_LENGTH;
            if (!(v >= 0f && v <= max && v == Math.rint(v))) {
                throw new IllegalArgumentException("shot signature values must be whole numbers in [0," + (int) max
                        + "] at " + i + ", got " + v);
            }
        }
        return signature;
    }

    /** The mean and standard deviation of a signature. */
    private record Stats(double mean, double std) {
        static Stats of(float[] s) {
            double sum = 0;
            for (int i = 0; i < GREY_LENGTH; i++) {
                sum += s[i];
            }
            double mean = sum / GREY_LENGTH;
            double var = 0;
            for (int i = 0; i < GREY_LENGTH; i++) {
                var += (s[i] - mean) * (s[i] - mean);
            }
            return new Stats(mean, Math.sqrt(var / GREY_LENGTH));
        }

        boolean wellExposed() {
            return std >= STD_FLOOR;
        }

        double[] normalised(float[] s, double stdFloor) {
            double scale = Math.max(std, stdFloor);
            double[] z = new double[GREY_LENGTH];
            for (int i = 0; i < GREY_LENGTH; i++) {
                z[i] = (s[i] - mean) / scale;
            }
            return z;
        }
    }
}
