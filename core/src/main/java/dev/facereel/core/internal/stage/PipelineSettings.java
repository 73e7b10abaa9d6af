package dev.facereel.core.internal.stage;

import java.util.Objects;

/**
 * The pipeline's tunable settings: the sample rate, the cluster threshold, which faces may start a track
 * ({@link FaceFilter}) and who counts as cast ({@link CastRule}). Each setting's rule lives once, in the
 * {@code require…} methods that the constructors and {@code FacePipeline.Builder} share.
 */
public record PipelineSettings(double sampleFps, double clusterThreshold, FaceFilter faces, CastRule cast) {
    /**
     * 5 frames per second, clusters merged at a cosine similarity of 0.45, the face filter of detectors other than
     * {@code opencv-haar} and the default cast rule.
     */
    public static final PipelineSettings DEFAULTS = new PipelineSettings(5, 0.45, FaceFilter.OTHERS, CastRule.DEFAULTS);

    /** @throws IllegalArgumentException naming the setting and its value when one is out of range */
    public PipelineSettings {
        requireSampleFps(sampleFps);
        requireClusterThreshold(clusterThreshold);
        Objects.requireNonNull(faces, "faces");
        Objects.requireNonNull(cast, "cast");
    }

    public PipelineSettings(double sampleFps, double clusterThreshold) {
        this(sampleFps, clusterThreshold, DEFAULTS.faces(), DEFAULTS.cast());
    }

    /** @throws IllegalArgumentException naming the value unless it is a positive finite number */
    public static double requireSampleFps(double fps) {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("sampleFps must be a positive number, got " + fps);
        }
        return fps;
    }

    /** @throws IllegalArgumentException naming the value unless it lies in (-1, 1) */
    public static double requireClusterThreshold(double threshold) {
        if (!(threshold > -1 && threshold < 1)) {
            throw new IllegalArgumentException("clusterThreshold must be in (-1, 1), got " + threshold);
        }
        return threshold;
    }
}
