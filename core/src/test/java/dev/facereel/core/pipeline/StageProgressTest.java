package dev.facereel.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobHandle;
import dev.facereel.core.ProgressEvent;
import dev.facereel.core.Stage;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Track and cluster report progress while they run, not only their start and end. */
class StageProgressTest {
    @TempDir
    Path root;

    @Test
    void trackAndCluster_whileRunning_reportProgressBetweenStartAndEnd() throws Exception {
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        try (FacePipeline pipeline = FacePipeline.builder().dataRoot(root).sampleFps(2).build()) {
            JobHandle job = pipeline.submit(new Episode("progress_e1", SharedAssets.media("episode_synth.mp4")),
                    Stage.CLUSTER);
            job.onProgress(events::add);
            job.await();
        }
        assertThat(events).filteredOn(e -> e.stage().equals(Stage.TRACK) && e.status().equals("running"))
                .extracting(ProgressEvent::stagePct).anyMatch(p -> p > 0.1 && p < 0.9)
                .allMatch(p -> p >= 0 && p <= 1).isSorted();
        assertThat(events).filteredOn(e -> e.stage().equals(Stage.CLUSTER) && e.status().equals("running"))
                .extracting(ProgressEvent::stagePct).containsExactly(0.25, 0.5, 0.75);
        assertThat(events).filteredOn(e -> e.stage().equals(Stage.CLUSTER) && e.status().equals("running"))
                .extracting(ProgressEvent::message).contains("cluster 2/4 steps");
    }
}
