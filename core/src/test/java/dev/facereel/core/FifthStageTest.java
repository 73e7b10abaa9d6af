package dev.facereel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.internal.stage.PipelineStage;
import dev.facereel.core.internal.stage.StageContext;
import dev.facereel.core.internal.stage.StageList;
import dev.facereel.core.internal.stage.cluster.ClusterCodec;
import dev.facereel.core.internal.stage.cluster.ClusterStage;
import dev.facereel.core.internal.stage.detect.DetectStage;
import dev.facereel.core.internal.stage.stills.StillsStage;
import dev.facereel.core.internal.stage.track.TrackStage;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage that exists only in this test, added through the stage list alone: it shows up in the progress sub-ranges,
 * in {@code status}, in the prerequisites and in staleness, with no other production file knowing it.
 */
class FifthStageTest {
    private static final Stage TAG = new Stage("tag");

    @TempDir
    Path root;

    /** Writes {@code tag/tags.txt}: its label and the number of identities the cluster stage found. */
    private static final class TagStage extends PipelineStage {
        private final String label;

        TagStage(String label) {
            super(TAG, List.of(Stage.CLUSTER), "0.30", "tagging");
            this.label = label;
        }

        @Override
        public Map<String, String> settings(StageContext ctx) {
            return Map.of("label", label);
        }

        @Override
        public Map<String, String> run(StageContext ctx) {
            ctx.run().stageStarted(TAG, 2);
            int identities = ClusterCodec.read(ctx.layout(), ctx.episode().key()).orElseThrow().cast().size();
            ctx.run().progress(1, 0);
            ctx.progress().frames(1, 2, 0);
            AtomicFiles.write(ctx.dir(TAG).resolve("tags.txt"), (label + " " + identities).getBytes(StandardCharsets.UTF_8),
                    ctx.fence());
            ctx.settingsOf(TAG).writeTo(ctx.dir(TAG), List.of("tags.txt"), ctx.fence());
            return Map.of("identities", Integer.toString(identities));
        }
    }

    private static StageList fiveStages(String label) {
        return new StageList(List.of(new DetectStage(), new TrackStage(), new StillsStage(), new ClusterStage(),
                new TagStage(label)));
    }

    private FacePipeline pipeline(String label, double threshold) {
        return FacePipeline.builder().dataRoot(root).sampleFps(1).clusterThreshold(threshold).stages(fiveStages(label))
                .build();
    }

    /** What each stage did in one job up to {@code tag}: ran or reused; and the job's progress events. */
    private Map<Stage, String> tag(String label, double threshold, List<ProgressEvent> events) throws Exception {
        try (FacePipeline pipeline = pipeline(label, threshold)) {
            JobHandle job = pipeline.submit(new Episode("tag_e1", SharedAssets.media("episode_synth.mp4")), TAG);
            job.onProgress(events::add);
            job.await();
        }
        Map<Stage, String> outcome = new TreeMap<>();
        for (ProgressEvent e : events) {
            if (e.status().equals("skipped")) {
                outcome.put(e.stage(), "reused");
            } else if (e.status().equals("succeeded")
                    && (e.message().startsWith("Finished") || e.message().startsWith("Prerequisites"))) {
                outcome.put(e.stage(), "ran");
            }
        }
        return outcome;
    }

    @Test
    void stageList_withATestOnlyFifthStage_prerequisitesStatusProgressAndStalenessFollowIt() throws Exception {
        try (FacePipeline pipeline = pipeline("a", 0.45)) {
            assertThat(pipeline.stages()).containsExactly(Stage.DETECT, Stage.TRACK, Stage.STILLS, Stage.CLUSTER, TAG);
            assertThat(pipeline.withPrerequisites(TAG)).containsExactly(Stage.DETECT, Stage.TRACK, Stage.STILLS,
                    Stage.CLUSTER, TAG);
            assertThat(pipeline.status("tag_e1").stages()).containsKey(TAG);
            assertThat(pipeline.status("tag_e1").stages().get(TAG).status()).isEqualTo(StageStatus.MISSING);
        }

        List<ProgressEvent> first = new CopyOnWriteArrayList<>();
        assertThat(tag("a", 0.45, first)).containsOnly(Map.entry(Stage.DETECT, "ran"), Map.entry(Stage.TRACK, "ran"),
                Map.entry(Stage.STILLS, "ran"), Map.entry(Stage.CLUSTER, "ran"), Map.entry(TAG, "ran"));
        // shares 0.50, 0.20, 0.05, 0.20 and 0.30 of 1.25: detect 0-0.4, track 0.4-0.56, stills 0.56-0.6,
        // cluster 0.6-0.76, tag 0.76-1
        assertThat(first).filteredOn(e -> e.stage().equals(Stage.DETECT)).extracting(ProgressEvent::overallPct)
                .allMatch(p -> p >= 0 && p <= 0.4 + 1e-9);
        assertThat(first).filteredOn(e -> e.stage().equals(TAG) && e.status().equals("running"))
                .extracting(ProgressEvent::overallPct).first().satisfies(p -> assertThat(p).isCloseTo(0.88, within(1e-9)));
        assertThat(first).extracting(ProgressEvent::overallPct).isSorted();
        assertThat(first).filteredOn(e -> e.stage().equals(TAG)).extracting(ProgressEvent::totalSteps).containsOnly(5);
        assertThat(Files.readString(root.resolve("episodes/tag_e1/tag/tags.txt"))).startsWith("a ");
        try (FacePipeline pipeline = pipeline("a", 0.45)) {
            assertThat(pipeline.status("tag_e1").stages().get(TAG).status()).isEqualTo(StageStatus.SUCCEEDED);
        }

        assertThat(tag("a", 0.45, new CopyOnWriteArrayList<>())).containsOnly(Map.entry(Stage.DETECT, "reused"),
                Map.entry(Stage.TRACK, "reused"), Map.entry(Stage.STILLS, "reused"), Map.entry(Stage.CLUSTER, "reused"),
                Map.entry(TAG, "reused"));
        assertThat(tag("b", 0.45, new CopyOnWriteArrayList<>())).containsOnly(Map.entry(Stage.DETECT, "reused"),
                Map.entry(Stage.TRACK, "reused"), Map.entry(Stage.STILLS, "reused"), Map.entry(Stage.CLUSTER, "reused"),
                Map.entry(TAG, "ran"));
        assertThat(tag("b", 0.6, new CopyOnWriteArrayList<>())).containsOnly(Map.entry(Stage.DETECT, "reused"),
                Map.entry(Stage.TRACK, "reused"), Map.entry(Stage.STILLS, "reused"), Map.entry(Stage.CLUSTER, "ran"),
                Map.entry(TAG, "ran"));
        assertThat(Files.readString(root.resolve("episodes/tag_e1/tag/tags.txt"))).startsWith("b ");
    }
}
