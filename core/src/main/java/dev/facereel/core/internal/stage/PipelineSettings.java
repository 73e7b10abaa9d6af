package dev.facereel.core.internal.stage;

/**
 * The pipeline's tunable settings. {@code castMinShots}: an identity seen in fewer shots is reported as
 * incidental (a passer-by, a face in a photo on the wall) rather than as a cast member.
 */
public record PipelineSettings(double sampleFps, double clusterThreshold, int castMinShots) {
    public static final int DEFAULT_CAST_MIN_SHOTS = 2;

    public PipelineSettings {
        if (!(sampleFps > 0) || Double.isInfinite(sampleFps)) {
            throw new IllegalArgumentException("sampleFps must be a positive number, got " + sampleFps);
        }
        if (!(clusterThreshold > -1 && clusterThreshold < 1)) {
            throw new IllegalArgumentException("clusterThreshold must be in (-1, 1), got " + clusterThreshold);
        }
        if (castMinShots < 1) {
            throw new IllegalArgumentException("castMinShots must be at least 1, got " + castMinShots);
        }
    }

    public PipelineSettings(double sampleFps, double clusterThreshold) {
        this(sampleFps, clusterThreshold, DEFAULT_CAST_MIN_SHOTS);
    }
}
