package dev.facereel.onnx.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.testing.EpisodeTruth;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline with SCRFD or YuNet and ArcFace (MobileFaceNet) on the synthetic episode, scored against its
 * truth.
 */
class SyntheticEpisodeTest {
    private static final String SCRFD = "scrfd_2.5g_bnkps.onnx";
    private static final String YUNET = "yunet_n_dynamic.onnx";

    @TempDir
    Path root;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"scrfd, " + SCRFD, "yunet, " + YUNET})
    void cluster_withDetectorAndArcface_findsTheFourCastMembers_purely_withTheirScreenTime(String detector,
            String model) throws Exception {
        Episode synth = new Episode("synth_" + detector, SharedAssets.media("episode_synth.mp4"));
        try (FacePipeline pipeline = onnxPipeline(detector, model, 5).build()) {
            pipeline.submit(synth, Stage.CLUSTER).await();
        }
        Path episode = root.resolve("episodes/synth_" + detector);
        JsonNode clusters = new ObjectMapper().readTree(episode.resolve("cluster/clusters.json").toFile());
        assertThat(clusters.path("identities").size()).as("cast members").isEqualTo(4);
        assertThat(clusters.path("incidental_identities").size()).as("people seen in one shot only").isEqualTo(1);
        EpisodeTruth.Score score = new EpisodeTruth(SharedAssets.media("episode_synth.truth.json")).score(episode);
        System.out.println(detector + " + arcface on the synthetic episode: " + score.summary());
        Files.writeString(Path.of("target/synthetic-episode-score-" + detector + ".txt"),
                score.summary() + System.lineSeparator());

        assertThat(score.identitiesWithLabels()).isEqualTo(4);
        assertThat(score.tracksCrossingCuts()).isEmpty();
        assertThat(score.uncoveredFaces()).isEmpty();
        assertThat(score.purity()).isEqualTo(1.0);
        assertThat(score.foundScreenTime()).containsOnlyKeys(score.truthScreenTime().keySet());
        score.truthScreenTime().forEach((who, seconds) ->
                assertThat(score.foundScreenTime().get(who)).as("screen time of %s", who).isCloseTo(seconds, within(0.5)));
    }

    @Test
    void castMinShotsOne_reclustersOnly_andCountsEveryoneAsCast() throws Exception {
        Episode synth = new Episode("synth_s01_e02", SharedAssets.media("episode_synth.mp4"));
        try (FacePipeline pipeline = onnxPipeline("scrfd", SCRFD, 5).build()) {
            pipeline.submit(synth, Stage.CLUSTER).await();
        }
        Path faces = root.resolve("episodes/synth_s01_e02/detect/faces.jsonl");
        long detected = Files.getLastModifiedTime(faces).toMillis();
        try (FacePipeline pipeline = onnxPipeline("scrfd", SCRFD, 5).castMinShots(1).build()) {
            pipeline.submit(synth, Stage.CLUSTER).await();
        }
        JsonNode clusters = new ObjectMapper().readTree(root.resolve("episodes/synth_s01_e02/cluster/clusters.json").toFile());
        assertThat(clusters.path("identities").size()).isEqualTo(5);
        assertThat(clusters.path("incidental_identities").size()).isZero();
        assertThat(Files.getLastModifiedTime(faces).toMillis()).as("detect was reused").isEqualTo(detected);
    }

    @Test
    void detect_oneFrameAtATime_andFourAtOnce_writeTheSameBytes() throws Exception {
        Episode synth = new Episode("synth_s01_e03", SharedAssets.media("episode_synth.mp4"));
        Path detect = root.resolve("episodes/synth_s01_e03/detect");
        byte[][] outputs = new byte[2][];
        byte[][] vectors = new byte[2][];
        int[] parallelism = {1, 4};
        for (int i = 0; i < 2; i++) {
            try (FacePipeline pipeline = onnxPipeline("scrfd", SCRFD, 2).parallelism(parallelism[i]).build()) {
                pipeline.submit(synth, Stage.DETECT).await();
            }
            outputs[i] = Files.readAllBytes(detect.resolve("faces.jsonl"));
            vectors[i] = Files.readAllBytes(detect.resolve("embeddings.bin"));
            AtomicFiles.deleteTree(root.resolve("episodes/synth_s01_e03"));
        }
        assertThat(outputs[0]).hasSizeGreaterThan(1000).isEqualTo(outputs[1]);
        assertThat(vectors[0]).hasSizeGreaterThan(1000).isEqualTo(vectors[1]);
    }

    private FacePipeline.Builder onnxPipeline(String detector, String model, double sampleFps) {
        return FacePipeline.builder().dataRoot(root)
                .detector(detector, ProviderConfig.ofModel(SharedAssets.model(model)))
                .embedder("arcface", ProviderConfig.ofModel(SharedAssets.model("mobilefacenet.onnx")))
                .sampleFps(sampleFps);
    }
}
