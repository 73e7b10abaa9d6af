package dev.facereel.core.pipeline;

import dev.facereel.core.FacePipeline;
import dev.facereel.core.testing.CastQualityContract;

/**
 * Who becomes cast with the model-free defaults, {@code opencv-haar} and {@code opencv-lbp}. They do not separate
 * the synthetic episodes' cast (LBP histograms merge different people), so those runs are recorded, not asserted.
 * The clustering runs at 0.45 rather than opencv-lbp's own 0.86, which splits one person into an identity per shot:
 * what this checks is the face filter and the cast rule, on identities that hold several tracks.
 */
class DefaultProvidersCastQualityTest extends CastQualityContract {
    @Override
    protected FacePipeline.Builder providers(FacePipeline.Builder builder) {
        return builder.clusterThreshold(0.45);
    }

    @Override
    protected String providerNames() {
        return "opencv-haar + opencv-lbp";
    }

    @Override
    protected boolean findsTheSyntheticCast() {
        return false;
    }
}
