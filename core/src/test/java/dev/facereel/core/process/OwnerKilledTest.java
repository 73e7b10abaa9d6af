package dev.facereel.core.process;

import static dev.facereel.core.process.ChildJvm.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.jobs.JobCoordinator;
import dev.facereel.core.internal.jobs.ScheduledHeartbeatTimer;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobHealth;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.jobs.Liveness;
import dev.facereel.core.jobs.StageState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM dies by SIGKILL in the middle of a job. Every process here counts a silent owner as dead only
 * after a minute, so the takeover below can only come from the OS lock and the pid check.
 */
@Timeout(90)
class OwnerKilledTest {
    private static final String EPISODE = "show_s01_e02";
    private static final List<String> SLOW_STALL = List.of("-D" + RealJobs.SLOW_STALL_PROPERTY + "=true");

    @TempDir
    Path tmp;

    private final List<ChildJvm> children = new ArrayList<>();
    private final ScheduledHeartbeatTimer timer = new ScheduledHeartbeatTimer();

    @AfterEach
    void cleanUp() {
        children.forEach(ChildJvm::close);
        timer.close();
    }

    @Test
    void kill_ownerJvmKilledMidJob_isDeadAtOnce_andResumeContinuesFromCheckpoint() throws Exception {
        Path root = tmp.resolve("data");
        JobStore store = JobStorage.onFiles(root).jobs();
        JobCoordinator observer = RealJobs.coordinator(root, timer, RealJobs.SLOW_STALL);
        ChildJvm a = child("work", root.toString(), EPISODE, "2000", "5000");
        String[] started = a.awaitLine("STARTED", Duration.ofSeconds(30)).split(" ");
        JobId id = JobId.of(started[0]);
        long epochA = Long.parseLong(started[2]);
        awaitTrue(Duration.ofSeconds(20), () -> detect(store, id).checkpoint() >= 0, "a checkpoint is on disk");

        a.kill();
        JobEnvelope atDeath = store.find(id).orElseThrow();
        JobHealth health = observer.health(atDeath);
        assertThat(health.liveness()).isEqualTo(Liveness.DEAD);
        assertThat(health.reason()).startsWith("owner process is gone").contains("pid " + a.pid());
        assertThat(health.heartbeatAge()).isLessThan(RealJobs.SLOW_STALL.stallAfter());
        assertThat(observer.recoverable()).extracting(JobEnvelope::id).containsExactly(id);
        long checkpoint = atDeath.stage(Stage.DETECT).orElseThrow().checkpoint();
        assertThat(checkpoint).isBetween(0L, 1998L);

        ChildJvm b = child("resume", root.toString(), id.value(), "2000", "0", "-");
        String[] resumed = b.awaitLine("RESUMED", Duration.ofSeconds(30)).split(" ");
        assertThat(resumed[0]).isEqualTo(id.value());
        assertThat(Long.parseLong(resumed[2])).as("first unit of the resumed worker").isEqualTo(checkpoint + 1);
        assertThat(Long.parseLong(resumed[4])).as("lease epoch after the takeover").isEqualTo(epochA + 1);
        assertThat(b.awaitExit(Duration.ofSeconds(30))).as("resumed worker's exit; output:\n%s", b.output()).isZero();

        JobEnvelope done = store.find(id).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.leaseEpoch()).isEqualTo(epochA + 1);
        assertThat(detect(store, id).unitsDone()).isEqualTo(2000);
        assertThat(detect(store, id).checkpoint()).isEqualTo(1999);
        DataLayout layout = new DataLayout(root);
        EpisodeKey episode = EpisodeKey.of(EPISODE);
        assertThat(layout.leaseFile(episode)).doesNotExist();
        assertThat(JobStorage.onFiles(root).runtime().activeJobs(episode)).isEmpty();
        assertThat(observer.activeJob(episode)).isEmpty();
        assertThat(observer.recoverable()).isEmpty();
        assertThat(observer.health(done).liveness()).isEqualTo(Liveness.FINISHED);
        try (var files = Files.list(root.resolve("jobs"))) {
            assertThat(files).hasSize(1);
        }
    }

    private ChildJvm child(String... args) throws Exception {
        ChildJvm child = ChildJvm.start(SLOW_STALL, args);
        children.add(child);
        return child;
    }

    private static StageState detect(JobStore store, JobId id) {
        return store.find(id).orElseThrow().stage(Stage.DETECT).orElseThrow();
    }
}
