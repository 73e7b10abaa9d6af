package dev.facereel.core.pipeline;

import dev.facereel.core.FacePipeline;
import dev.facereel.core.testing.SeasonNamingScenarios;
import dev.facereel.spi.ProviderConfig;
import java.nio.file.Path;

/**
 * The season scenarios with the model-free defaults, opencv-haar and opencv-lbp, at opencv-lbp's calibration. The
 * embedder change is to another LBP grid (another model id), since core has no other embedder.
 */
class NamingSeasonDefaultsTest extends SeasonNamingScenarios {
    @Override
    protected FacePipeline.Builder pipeline(Path root, double sampleFps) {
        return FacePipeline.builder().dataRoot(root).sampleFps(sampleFps);
    }

    /** At its calibration opencv-lbp names nobody automatically here: it cannot tell the shared photos apart. */
    @Override
    protected boolean namesEpisodeTwo() {
        return false;
    }

    @Override
    protected double otherClusterThreshold() {
        return 0.86;
    }

    /** opencv-haar at 4 samples a second splits some faces into two tracks (episode 2's merge then is three). */
    @Override
    protected boolean keepsTracksWholeAtAnotherRate() {
        return false;
    }

    @Override
    protected FacePipeline.Builder otherEmbedder(Path root) {
        return FacePipeline.builder().dataRoot(root).sampleFps(5)
                .embedder("opencv-lbp", ProviderConfig.empty().with("grid", "6"));
    }

    @Override
    protected String otherModelPrefix() {
        return "opencv-lbp/u2-r1-p8/face=112,grid=6x6";
    }
}
