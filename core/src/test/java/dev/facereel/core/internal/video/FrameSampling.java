package dev.facereel.core.internal.video;

/**
 * The constant-rate sampling rule of earlier versions, the reference that {@link FrameTimes} must match on a
 * constant-rate video so that their results stay byte-identical. Sample instant {@code k} ({@code k = 0, 1, 2, ...})
 * is at {@code k / sampleFps} seconds and frame {@code i} is at {@code i / videoFps}; the frame kept for instant
 * {@code k} is the first at or after it, {@code i = ceil(k * videoFps / sampleFps)}. Products within
 * {@value #EPSILON} of an integer count as that integer, so 25 fps sampled at 5 keeps exactly 0, 5, 10, ...
 * A sample rate at or above the video's keeps every frame.
 */
record FrameSampling(double videoFps, double sampleFps) {
    private static final double EPSILON = 1e-6;

    public FrameSampling {
        if (!(videoFps > 0) || Double.isInfinite(videoFps)) {
            throw new IllegalArgumentException("video fps must be positive and finite, got " + videoFps);
        }
        if (!(sampleFps > 0) || Double.isInfinite(sampleFps)) {
            throw new IllegalArgumentException("sample fps must be positive and finite, got " + sampleFps);
        }
    }

    /** Frames between consecutive samples, at least 1. */
    private double step() {
        return Math.max(1.0, videoFps / sampleFps);
    }

    /** Whether every frame is kept. */
    public boolean everyFrame() {
        return step() == 1.0;
    }

    /** The first kept frame at or after {@code index}. */
    public int firstAtOrAfter(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("frame index must not be negative, got " + index);
        }
        double step = step();
        long k = (long) Math.floor((index - 1 + EPSILON) / step) + 1;
        return (int) Math.ceil(k * step - EPSILON);
    }

    public boolean isSampled(int index) {
        return firstAtOrAfter(index) == index;
    }

    /** How many frames of {@code 0 .. frameCount - 1} are kept. */
    public int count(int frameCount) {
        return frameCount <= 0 ? 0 : (int) Math.floor((frameCount - 1 + EPSILON) / step()) + 1;
    }
}
