package dev.facereel.onnx.pipeline;

import dev.facereel.core.FacePipeline;
import dev.facereel.core.testing.SeasonNamingScenarios;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Path;

/**
 * The season scenarios with scrfd and arcface (MobileFaceNet) at arcface's calibration; the embedder change goes
 * to opencv-lbp (with scrfd's boxes and landmarks) and back.
 */
class NamingSeasonArcFaceTest extends SeasonNamingScenarios {
    @Override
    protected FacePipeline.Builder pipeline(Path root, double sampleFps) {
        return FacePipeline.builder().dataRoot(root)
                .detector("scrfd", ProviderConfig.ofModel(SharedAssets.model("scrfd_2.5g_bnkps.onnx")))
                .embedder("arcface", ProviderConfig.ofModel(SharedAssets.model("mobilefacenet.onnx")))
                .sampleFps(sampleFps);
    }

    @Override
    protected boolean namesEpisodeTwo() {
        return true;
    }

    @Override
    protected double otherClusterThreshold() {
        return 0.35;
    }

    @Override
    protected FacePipeline.Builder otherEmbedder(Path root) {
        return FacePipeline.builder().dataRoot(root)
                .detector("scrfd", ProviderConfig.ofModel(SharedAssets.model("scrfd_2.5g_bnkps.onnx")))
                .embedder("opencv-lbp", ProviderConfig.empty())
                .sampleFps(5);
    }

    @Override
    protected String otherModelPrefix() {
        return "opencv-lbp/";
    }
}
