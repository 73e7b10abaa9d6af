package dev.facereel.onnx.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Stage;
import dev.facereel.core.testing.EpisodeTruth;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline with YuNet and ArcFace (MobileFaceNet) on the synthetic episode, scored against its truth. */
class YunetSyntheticEpisodeTest {
    @TempDir
    Path root;

    @Test
    void cluster_withYunetAndArcface_findsTheFourCastMembers_purely_withTheirScreenTime() throws Exception {
        Episode synth = new Episode("synth_yunet", SharedAssets.media("episode_synth.mp4"));
        try (FacePipeline pipeline = FacePipeline.builder().dataRoot(root)
                .detector("yunet", ProviderConfig.ofModel(SharedAssets.model("yunet_n_dynamic.onnx")))
                .embedder("arcface", ProviderConfig.ofModel(SharedAssets.model("mobilefacenet.onnx"))).build()) {
            pipeline.submit(synth, Stage.CLUSTER).await();
        }
        Path episode = root.resolve("episodes/synth_yunet");
        JsonNode clusters = new ObjectMapper().readTree(episode.resolve("cluster/clusters.json").toFile());
        assertThat(clusters.path("identities").size()).as("cast members").isEqualTo(4);
        EpisodeTruth.Score score = new EpisodeTruth(SharedAssets.media("episode_synth.truth.json")).score(episode);
        System.out.println("yunet + arcface on the synthetic episode: " + score.summary());
        assertThat(score.identitiesWithLabels()).isEqualTo(4);
        assertThat(score.tracksCrossingCuts()).isEmpty();
        assertThat(score.purity()).isEqualTo(1.0);
        score.truthScreenTime().forEach((who, seconds) ->
                assertThat(score.foundScreenTime().get(who)).as("screen time of %s", who).isCloseTo(seconds, within(0.5)));
    }
}
