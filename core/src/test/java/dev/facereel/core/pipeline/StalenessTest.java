package dev.facereel.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobHandle;
import dev.facereel.core.ProgressEvent;
import dev.facereel.core.Stage;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage re-runs exactly when its inputs or settings changed, and everything downstream with it. */
class StalenessTest {
    @TempDir
    Path root;

    private Map<Stage, String> cluster(UnaryOperator<FacePipeline.Builder> settings) throws Exception {
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        try (FacePipeline pipeline = settings.apply(FacePipeline.builder().dataRoot(root).sampleFps(1)).build()) {
            JobHandle job = pipeline.submit(new Episode("stale_e1", SharedAssets.media("episode_synth.mp4")), Stage.CLUSTER);
            job.onProgress(events::add);
            job.await();
        }
        Map<Stage, String> outcome = new TreeMap<>();
        for (ProgressEvent e : events) {
            if (e.status().equals("skipped") || e.status().equals("succeeded") && e.message().startsWith("Finished")
                    || e.status().equals("succeeded") && e.message().startsWith("Prerequisites")) {
                outcome.put(e.stage(), e.status().equals("skipped") ? "reused" : "ran");
            }
        }
        return outcome;
    }

    @Test
    void rerun_withSameSettings_reusesEveryStage_thenThresholdOrCastRuleRerunsOnlyCluster_faceFilterFromTrack_embedderAll() throws Exception {
        assertThat(cluster(b -> b)).containsOnly(Map.entry(Stage.DETECT, "ran"), Map.entry(Stage.TRACK, "ran"),
                Map.entry(Stage.STILLS, "ran"), Map.entry(Stage.CLUSTER, "ran"));
        Path faces = root.resolve("episodes/stale_e1/detect/faces.jsonl");
        long detectWritten = Files.getLastModifiedTime(faces).toMillis();

        assertThat(cluster(b -> b)).containsOnly(Map.entry(Stage.DETECT, "reused"), Map.entry(Stage.TRACK, "reused"),
                Map.entry(Stage.STILLS, "reused"), Map.entry(Stage.CLUSTER, "reused"));

        assertThat(cluster(b -> b.clusterThreshold(0.6))).containsOnly(Map.entry(Stage.DETECT, "reused"),
                Map.entry(Stage.TRACK, "reused"), Map.entry(Stage.STILLS, "reused"), Map.entry(Stage.CLUSTER, "ran"));
        assertThat(Files.getLastModifiedTime(faces).toMillis()).isEqualTo(detectWritten);

        assertThat(cluster(b -> b.clusterThreshold(0.6).castMinFaces(1))).containsOnly(Map.entry(Stage.DETECT, "reused"),
                Map.entry(Stage.TRACK, "reused"), Map.entry(Stage.STILLS, "reused"), Map.entry(Stage.CLUSTER, "ran"));
        assertThat(cluster(b -> b.clusterThreshold(0.6).castMinFaces(1).minFaceSize(60)))
                .as("the face filter is a track setting").containsOnly(Map.entry(Stage.DETECT, "reused"),
                        Map.entry(Stage.TRACK, "ran"), Map.entry(Stage.STILLS, "ran"), Map.entry(Stage.CLUSTER, "ran"));
        assertThat(Files.getLastModifiedTime(faces).toMillis()).isEqualTo(detectWritten);

        assertThat(cluster(b -> b.clusterThreshold(0.6).embedder("opencv-lbp", ProviderConfig.empty().with("grid", "8"))))
                .containsOnly(Map.entry(Stage.DETECT, "ran"), Map.entry(Stage.TRACK, "ran"), Map.entry(Stage.STILLS, "ran"),
                        Map.entry(Stage.CLUSTER, "ran"));
    }

    @Test
    void cluster_whenPrerequisitesAreDone_announcesOnlyTheStagesThatRun() throws Exception {
        Episode episode = new Episode("stale_e2", SharedAssets.media("episode_synth.mp4"));
        String trackJob;
        try (FacePipeline pipeline = FacePipeline.builder().dataRoot(root).sampleFps(1).build()) {
            JobHandle track = pipeline.submit(episode, Stage.TRACK);
            track.await();
            trackJob = track.jobId();

            List<ProgressEvent> onlyStills = new CopyOnWriteArrayList<>();
            JobHandle stills = pipeline.submit(episode, Stage.CLUSTER);
            stills.onProgress(onlyStills::add);
            stills.await();
            assertThat(onlyStills).extracting(ProgressEvent::message)
                    .contains("Auto-running Stills before clustering…", "Prerequisites complete, starting clustering…")
                    .noneMatch(m -> m.contains("Detect") || m.contains("Track"));
            assertThat(pipeline.status(episode.id()).stages().get(Stage.DETECT).jobId())
                    .as("the job that made detect's outputs").isEqualTo(trackJob);

            List<ProgressEvent> none = new CopyOnWriteArrayList<>();
            JobHandle again = pipeline.submit(episode, Stage.CLUSTER);
            again.onProgress(none::add);
            again.await();
            assertThat(none).extracting(ProgressEvent::message).noneMatch(m -> m.startsWith("Auto-running"))
                    .noneMatch(m -> m.startsWith("Prerequisites complete"));
            assertThat(pipeline.status(episode.id()).stages().get(Stage.STILLS).jobId()).isEqualTo(stills.jobId());
        }
    }
}
