package dev.facereel.core.internal.video;

/**
 * What a video holds: frame size, frame rate, and the number of frames counted in it (see
 * {@link VideoDecoder#open}), numbered {@code 0 .. frameCount - 1} in decode order.
 */
public record VideoInfo(int width, int height, double fps, int frameCount) {
    public VideoInfo {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be positive and finite, got " + fps);
        }
        if (frameCount < 0) {
            throw new IllegalArgumentException("frame count must not be negative, got " + frameCount);
        }
    }

    /** The frame count over the frame rate. */
    public double durationSeconds() {
        return frameCount / fps;
    }
}
