package dev.facereel.core.pipeline;

import dev.facereel.core.FacePipeline;
import dev.facereel.core.testing.CastQualityContract;

/**
 * Who becomes cast with the model-free defaults, {@code opencv-haar} and {@code opencv-lbp}. They do not separate
 * the synthetic episodes' cast (LBP histograms merge different people), so those runs are recorded, not asserted.
 */
class DefaultProvidersCastQualityTest extends CastQualityContract {
    @Override
    protected FacePipeline.Builder providers(FacePipeline.Builder builder) {
        return builder;
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
