package dev.facereel.core.internal.stage;

/**
 * The pipeline's tunable settings. {@code castMinShots}: an identity seen in fewer shots is reported as
 * incidental (a passer-by, a face in a photo on the wall) rather than as a cast member. Each setting's rule lives
 * here once, in the {@code require…} methods that the constructor and {@code FacePipeline.Builder} share.
 */
public record PipelineSettings(double sampleFps, double clusterThreshold, int castMinShots) {
    /** 5 frames per second, clusters merged at a cosine similarity of 0.45, cast members seen in 2 shots or more. */
    public static final PipelineSettings DEFAULTS = new PipelineSettings(5, 0.45, 2);

    /** @throws IllegalArgumentException naming the setting and its value when one is out of range */
    public PipelineSettings {
        requireSampleFps(sampleFps);
        requireClusterThreshold(clusterThreshold);
        requireCastMinShots(castMinShots);
    }

    public PipelineSettings(double sampleFps, double clusterThreshold) {
        this(sampleFps, clusterThreshold, DEFAULTS.castMinShots());
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

    /** @throws IllegalArgumentException naming the value when it is below 1 */
    public static int requireCastMinShots(int shots) {
        if (shots < 1) {
            throw new IllegalArgumentException("castMinShots must be at least 1, got " + shots);
        }
        return shots;
    }
}
