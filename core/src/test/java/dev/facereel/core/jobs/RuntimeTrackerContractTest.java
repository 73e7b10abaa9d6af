package dev.facereel.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RuntimeTracker} must do. Extend it once per implementation and file system. */
public abstract class RuntimeTrackerContractTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:15:00Z");
    private static final EpisodeKey EPISODE = EpisodeKey.of("show_s01_e03");
    private RuntimeTracker tracker;

    protected abstract RuntimeTracker createTracker();

    @BeforeEach
    void open() {
        tracker = createTracker();
    }

    @Test
    void activeJobs_episodeWithNoRecord_isEmpty() {
        assertThat(tracker.activeJobs(EPISODE)).isEmpty();
        assertThat(tracker.active(EPISODE, Stage.DETECT)).isEmpty();
    }

    @Test
    void setActive_everyStage_isReadBack() {
        JobId a = JobId.create(Stage.CLUSTER, EPISODE, T0, 1);
        for (Stage s : Stage.values()) {
            tracker.setActive(EPISODE, s, a);
        }
        assertThat(tracker.activeJobs(EPISODE)).containsOnlyKeys(Stage.values()).containsValues(a);
        assertThat(tracker.active(EPISODE, Stage.STILLS)).contains(a);
    }

    @Test
    void clear_removesOnlyTheNamedJob_andIsIdempotent() {
        JobId a = JobId.create(Stage.DETECT, EPISODE, T0, 1);
        JobId b = JobId.create(Stage.CLUSTER, EPISODE, T0, 2);
        tracker.setActive(EPISODE, Stage.DETECT, a);
        tracker.setActive(EPISODE, Stage.CLUSTER, b);
        tracker.clear(EPISODE, a);
        tracker.clear(EPISODE, a);
        assertThat(tracker.activeJobs(EPISODE)).containsExactly(java.util.Map.entry(Stage.CLUSTER, b));
    }
}
