package dev.facereel.onnx.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.testing.CastQualityContract;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline with SCRFD and ArcFace (MobileFaceNet): the cast of the synthetic episodes and of the stress
 * clip ({@link CastQualityContract}), and what changing the cast rule or the parallelism re-runs.
 */
class SyntheticEpisodeTest extends CastQualityContract {
    @TempDir
    Path root;

    @Override
    protected FacePipeline.Builder providers(FacePipeline.Builder builder) {
        return builder.detector("scrfd", ProviderConfig.ofModel(SharedAssets.model("scrfd_2.5g_bnkps.onnx")))
                .embedder("arcface", ProviderConfig.ofModel(SharedAssets.model("mobilefacenet.onnx")));
    }

    @Override
    protected String providerNames() {
        return "scrfd + arcface";
    }

    @Override
    protected boolean findsTheSyntheticCast() {
        return true;
    }

    @Test
    void castRuleLoosened_reclustersOnly_andCountsEveryoneAsCast() throws Exception {
        Episode synth = new Episode("synth_s01_e02", SharedAssets.media("episode_synth.mp4"));
        try (FacePipeline pipeline = onnxPipeline(5).build()) {
            pipeline.submit(synth, Stage.CLUSTER).await();
        }
        Path episode = root.resolve("episodes/synth_s01_e02");
        long detected = Files.getLastModifiedTime(episode.resolve("detect/faces.jsonl")).toMillis();
        long tracked = Files.getLastModifiedTime(episode.resolve("track/tracks.json")).toMillis();
        try (FacePipeline pipeline = onnxPipeline(5).castMinFaces(1).castMinScreenTime(Duration.ZERO)
                .castMinQuality(0).build()) {
            pipeline.submit(synth, Stage.CLUSTER).await();
        }
        JsonNode clusters = new ObjectMapper().readTree(episode.resolve("cluster/clusters.json").toFile());
        assertThat(clusters.path("identities").size()).isGreaterThanOrEqualTo(4);
        assertThat(clusters.path("incidental_identities").size()).as("incidental, with only low-quality tracks")
                .isLessThanOrEqualTo(1);
        assertThat(Files.getLastModifiedTime(episode.resolve("detect/faces.jsonl")).toMillis()).as("detect was reused")
                .isEqualTo(detected);
        assertThat(Files.getLastModifiedTime(episode.resolve("track/tracks.json")).toMillis()).as("track was reused")
                .isEqualTo(tracked);
    }

    @Test
    void detect_oneFrameAtATime_andFourAtOnce_writeTheSameBytes() throws Exception {
        Episode synth = new Episode("synth_s01_e03", SharedAssets.media("episode_synth.mp4"));
        Path detect = root.resolve("episodes/synth_s01_e03/detect");
        byte[][] outputs = new byte[2][];
        byte[][] vectors = new byte[2][];
        int[] parallelism = {1, 4};
        for (int i = 0; i < 2; i++) {
            try (FacePipeline pipeline = onnxPipeline(2).parallelism(parallelism[i]).build()) {
                pipeline.submit(synth, Stage.DETECT).await();
            }
            outputs[i] = Files.readAllBytes(detect.resolve("faces.jsonl"));
            vectors[i] = Files.readAllBytes(detect.resolve("embeddings.bin"));
            AtomicFiles.deleteTree(root.resolve("episodes/synth_s01_e03"));
        }
        assertThat(outputs[0]).hasSizeGreaterThan(1000).isEqualTo(outputs[1]);
        assertThat(vectors[0]).hasSizeGreaterThan(1000).isEqualTo(vectors[1]);
    }

    private FacePipeline.Builder onnxPipeline(double sampleFps) {
        return FacePipeline.builder().dataRoot(root)
                .detector("scrfd", ProviderConfig.ofModel(SharedAssets.model("scrfd_2.5g_bnkps.onnx")))
                .embedder("arcface", ProviderConfig.ofModel(SharedAssets.model("mobilefacenet.onnx")))
                .sampleFps(sampleFps);
    }
}
