package dev.facereel.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobCanceledException;
import dev.facereel.core.JobHandle;
import dev.facereel.core.ProgressEvent;
import dev.facereel.core.Providers;
import dev.facereel.core.Stage;
import dev.facereel.core.StageStatus;
import dev.facereel.core.testing.EpisodeTruth;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline end to end on the synthetic episode with the no-model-file defaults. */
class FacePipelineDefaultsTest {
    @TempDir
    Path root;

    @Test
    void cluster_onSyntheticEpisode_withDefaults_runsEveryStage_andWritesOutputs() throws Exception {
        Path video = SharedAssets.media("episode_synth.mp4");
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        try (FacePipeline pipeline = FacePipeline.builder().dataRoot(root).build()) {
            JobHandle job = pipeline.submit(new Episode("synth_s01_e01", video), Stage.NAME);
            job.onProgress(events::add);
            job.await();

            EpisodeStatus status = pipeline.status("synth_s01_e01");
            assertThat(status.activeJobId()).isNull();
            assertThat(status.stages().values()).allMatch(s -> s.status() == StageStatus.SUCCEEDED);
        }
        Path episode = root.resolve("episodes/synth_s01_e01");
        assertThat(Files.readAllLines(episode.resolve("detect/faces.jsonl"))).hasSize(210);
        JsonNode clusters = new ObjectMapper().readTree(episode.resolve("cluster/clusters.json").toFile());
        assertThat(clusters.path("schema").asInt()).isEqualTo(1);
        assertThat(clusters.path("identities").size()).isPositive();
        for (JsonNode identity : clusters.path("identities")) {
            assertThat(episode.resolve(identity.path("still").asText())).exists();
        }
        JsonNode named = new ObjectMapper().readTree(episode.resolve("name/identities.json").toFile());
        assertThat(named.path("identities").findValuesAsText("id")).as("with no cast and no edits, the clustering's")
                .isEqualTo(clusters.path("identities").findValuesAsText("id"));
        assertThat(named.path("identities").findValues("person_id")).allMatch(JsonNode::isNull);
        JsonNode state = new ObjectMapper().readTree(episode.resolve("diagnostics/pipeline_state.json").toFile());
        assertThat(state.path("status").asText()).isEqualTo("succeeded");
        assertThat(state.path("pct").asDouble()).isEqualTo(1.0);
        assertThat(events).extracting(ProgressEvent::message).anyMatch(m -> m.startsWith("Auto-running Detect → Track → Stills"));
        assertThat(events).extracting(ProgressEvent::overallPct).isSorted();
        EpisodeTruth.Score score = new EpisodeTruth(SharedAssets.media("episode_synth.truth.json")).score(episode);
        System.out.println("opencv defaults on the synthetic episode: " + clusters.path("identities").size()
                + " identities; " + score.summary());
        assertThat(score.tracksCrossingCuts()).isEmpty();
    }

    @Test
    void twoEpisodesAtOnce_shareProvidersThatAreNotThreadSafe_callsTakeTurns_andResultsMatch() throws Exception {
        Path video = SharedAssets.media("episode_synth.mp4");
        Providers providers = Providers.fromClassPath();
        OneAtATime detector = new OneAtATime(providers.detector("opencv-haar", ProviderConfig.empty()));
        try (FacePipeline pipeline = FacePipeline.builder().dataRoot(root).detector(detector).sampleFps(2).build()) {
            JobHandle first = pipeline.submit(new Episode("twins_e1", video), Stage.DETECT);
            JobHandle second = pipeline.submit(new Episode("twins_e2", video), Stage.DETECT);
            first.await();
            second.await();
        }
        assertThat(detector.calls.get()).isEqualTo(2 * 84);
        Path e1 = root.resolve("episodes/twins_e1/detect");
        Path e2 = root.resolve("episodes/twins_e2/detect");
        for (String file : List.of("faces.jsonl", "embeddings.bin")) {
            assertThat(Files.mismatch(e1.resolve(file), e2.resolve(file))).as(file).isEqualTo(-1L);
        }
    }

    @Test
    void close_whileAJobRuns_endsItAsCanceled_beforeReleasingTheProviders() throws Exception {
        Path video = SharedAssets.media("episode_synth.mp4");
        CountDownLatch detecting = new CountDownLatch(1);
        FacePipeline pipeline = FacePipeline.builder().dataRoot(root).build();
        JobHandle job = pipeline.submit(new Episode("closing_e1", video), Stage.CLUSTER);
        job.onProgress(e -> {
            if (e.framesDone() > 0) {
                detecting.countDown();
            }
        });
        assertThat(detecting.await(60, TimeUnit.SECONDS)).isTrue();

        pipeline.close();

        assertThatThrownBy(job::await).isInstanceOf(JobCanceledException.class);
        try (FacePipeline reader = FacePipeline.builder().dataRoot(root).build()) {
            EpisodeStatus status = reader.status("closing_e1");
            assertThat(status.activeJobId()).isNull();
            assertThat(status.stages().get(Stage.DETECT).status()).isEqualTo(StageStatus.CANCELED);
        }
    }

    /** A detector that refuses a call while another is in progress, as a provider that is not thread-safe may. */
    private static final class OneAtATime implements Detector {
        private final Detector delegate;
        private final AtomicBoolean busy = new AtomicBoolean();
        private final AtomicInteger calls = new AtomicInteger();

        OneAtATime(Detector delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Face> detect(Image image) {
            if (!busy.compareAndSet(false, true)) {
                throw new IllegalStateException("detect called from two threads at once");
            }
            try {
                calls.incrementAndGet();
                return delegate.detect(image);
            } finally {
                busy.set(false);
            }
        }

        @Override
        public String modelId() {
            return delegate.modelId();
        }

        @Override
        public boolean isThreadSafe() {
            return false;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
