package dev.facereel.core.internal.pipeline;

/** The pipeline's tunable settings. */
public record PipelineSettings(double sampleFps, double clusterThreshold) {
    public PipelineSettings {
        if (!(sampleFps > 0) || Double.isInfinite(sampleFps)) {
            throw new IllegalArgumentException("sampleFps must be a positive number, got " + sampleFps);
        }
        if (!(clusterThreshold > -1 && clusterThreshold < 1)) {
            throw new IllegalArgumentException("clusterThreshold must be in (-1, 1), got " + clusterThreshold);
        }
    }
}
