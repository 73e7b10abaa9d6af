package dev.facereel.core.internal.video;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The presentation time of every frame of a video, and which frames a sampling rate keeps.
 *
 * <p><b>Times.</b> Frame {@code i} is the {@code i}-th frame in presentation order, and its time is its
 * presentation timestamp minus the first frame's, in seconds. A video whose packets carry no usable timestamps
 * (missing or repeated) gets {@code i / fps} instead ({@link #constant}).
 *
 * <p><b>Sampling.</b> Sample instant {@code k} ({@code k = 0, 1, 2, ...}) is at {@code k / sampleFps} seconds, and
 * the frame kept for it is the first whose time is at or after it: frame {@code i} is kept when an instant falls in
 * {@code (t[i-1], t[i]]}, and frame 0 always is. Products within {@value #EPSILON} of an integer count as that
 * integer, so 25 fps sampled at 5 keeps exactly 0, 5, 10, ... A frame that is the first after several instants (a
 * gap in a variable-frame-rate video) is kept once. On a constant-rate video this keeps frame
 * {@code ceil(k * videoFps / sampleFps)} for instant {@code k}, the rule of earlier versions, so their results stay.
 * Immutable.
 */
public final class FrameTimes {
    private static final double EPSILON = 1e-6;

    private final double[] seconds;
    private final long[] timestamps;

    private FrameTimes(double[] seconds, long[] timestamps) {
        this.seconds = seconds;
        this.timestamps = timestamps;
    }

    /**
     * Times from presentation timestamps (in any order: they are sorted) in units of {@code num / den} seconds.
     * A time is computed as {@code (pts - first) * num / den} with one rounding, so that a constant-rate video's
     * times equal {@code i / fps} exactly.
     *
     * @throws IllegalArgumentException when two timestamps are equal, there are none or the time base is not positive
     */
    static FrameTimes ofTimestamps(long[] timestamps, int num, int den) {
        if (timestamps.length == 0) {
            throw new IllegalArgumentException("no timestamps");
        }
        if (num <= 0 || den <= 0) {
            throw new IllegalArgumentException("time base must be positive, got " + num + "/" + den);
        }
        long[] sorted = timestamps.clone();
        Arrays.sort(sorted);
        double[] seconds = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("timestamp " + sorted[i] + " is repeated");
            }
            seconds[i] = (double) Math.multiplyExact(sorted[i] - sorted[0], (long) num) / den;
        }
        return new FrameTimes(seconds, sorted);
    }

    /** Frame {@code i} at {@code i / fps}, for a video without usable timestamps. */
    public static FrameTimes constant(int frameCount, double fps) {
        if (frameCount < 0 || !(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("need a frame count >= 0 and a positive fps, got " + frameCount
                    + " at " + fps);
        }
        double[] seconds = new double[frameCount];
        for (int i = 0; i < frameCount; i++) {
            seconds[i] = i / fps;
        }
        return new FrameTimes(seconds, null);
    }

    /** Whether the times come from the stream's timestamps rather than from the frame rate. */
    public boolean fromTimestamps() {
        return timestamps != null;
    }

    public int frameCount() {
        return seconds.length;
    }

    /** The time of frame {@code index}, in seconds from the first frame. */
    public double seconds(int index) {
        return seconds[index];
    }

    /** The frame with this presentation timestamp; -1 when there is none or the times are not from timestamps. */
    int indexOfTimestamp(long pts) {
        if (timestamps == null) {
            return -1;
        }
        int at = Arrays.binarySearch(timestamps, pts);
        return at >= 0 ? at : -1;
    }

    /** The presentation timestamp of frame {@code index}, in the stream's time base. */
    long timestamp(int index) {
        return timestamps[index];
    }

    /** The frames kept at {@code sampleFps}. */
    public BitSet sampled(double sampleFps) {
        if (!(sampleFps > 0) || Double.isInfinite(sampleFps)) {
            throw new IllegalArgumentException("sample fps must be positive and finite, got " + sampleFps);
        }
        BitSet kept = new BitSet(seconds.length);
        long previous = -1;
        for (int i = 0; i < seconds.length; i++) {
            long last = (long) Math.floor(seconds[i] * sampleFps + EPSILON);
            if (last > previous) {
                kept.set(i);
                previous = last;
            }
        }
        return kept;
    }

    /** How many frames are kept at {@code sampleFps}. */
    public int count(double sampleFps) {
        return sampled(sampleFps).cardinality();
    }

    /** The mean frame rate over the video, from its first to its last frame's time; 0 with fewer than 2 frames. */
    double meanFps() {
        int n = seconds.length;
        return n < 2 || seconds[n - 1] <= 0 ? 0 : (n - 1) / seconds[n - 1];
    }
}
