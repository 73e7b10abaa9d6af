package dev.facereel.spi;

/**
 * The cosine similarities at which an embedder's vectors mean "the same person". They differ from model to model,
 * so each {@link Embedder} declares its own, measured on faces it was not tuned on. Immutable.
 *
 * @param clusterThreshold the average similarity at or above which two groups of tracks are clustered as one
 *                         person within an episode
 * @param matchThreshold   the least similarity between an identity and a known person's references for the
 *                         identity to be named after that person automatically
 * @param matchMargin      how far the best person must be ahead of the runner-up for an automatic name
 * @throws IllegalArgumentException from the constructor when a threshold is not in (-1, 1) or the margin not in
 *                                  [0, 2)
 */
public record Calibration(double clusterThreshold, double matchThreshold, double matchMargin) {
    /**
     * Values for L2-normalised ArcFace-style embedders: clustering at 0.45, a name from 0.50 with a lead of 0.10.
     */
    public static final Calibration ARCFACE_STYLE = new Calibration(0.45, 0.50, 0.10);

    public Calibration {
        requireSimilarity("clusterThreshold", clusterThreshold);
        requireSimilarity("matchThreshold", matchThreshold);
        if (!(matchMargin >= 0 && matchMargin < 2)) {
            throw new IllegalArgumentException("matchMargin must be in [0, 2), got " + matchMargin);
        }
    }

    private static void requireSimilarity(String name, double value) {
        if (!(value > -1 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in (-1, 1), got " + value);
        }
    }
}
