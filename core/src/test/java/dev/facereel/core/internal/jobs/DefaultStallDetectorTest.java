package dev.facereel.core.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.Liveness;
import dev.facereel.core.jobs.LockOwner;
import dev.facereel.core.jobs.ProcessProbe;
import dev.facereel.core.jobs.StallDetector;
import dev.facereel.core.testing.FakeProcesses;
import dev.facereel.core.testing.FakeTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefaultStallDetectorTest {
    private static final Optional<Duration> NO_SILENCE = Optional.empty();
    private final FakeTime time = new FakeTime();
    private final FakeProcesses processes = new FakeProcesses();
    private final ProcessProbe observer = processes.process(1);
    private final StallDetector detector =
            new DefaultStallDetector(time, time, observer, Duration.ofSeconds(30), Duration.ofSeconds(60));
    private final EpisodeKey episode = EpisodeKey.of("e1");
    private final JobId id = JobId.create(Stage.DETECT, episode, time.instant(), 7);
    private final ProcessProbe worker = processes.process(2);
    private final LockOwner owner = new LockOwner(id, 2, worker.host(), worker.startTime().orElseThrow(), 1, time.instant());

    private JobEnvelope running() {
        return JobEnvelope.create(id, episode, Stage.DETECT, List.of(Stage.DETECT), Map.of(), 1, time.instant())
                .withStatus(JobStatus.RUNNING, time.instant())
                .withStage(Stage.DETECT, s -> s.withStatus(JobStatus.RUNNING, "d", time.instant())
                        .withProgress(0, 10, -1, time.instant()), time.instant());
    }

    @Test
    void assess_freshHeartbeat_isAlive() {
        assertThat(detector.assess(running(), Optional.of(owner), NO_SILENCE).liveness()).isEqualTo(Liveness.ALIVE);
    }

    @Test
    void assess_pidReusedByAnotherProcess_isDead() {
        LockOwner reused = new LockOwner(id, 2, worker.host(), worker.startTime().orElseThrow().minusSeconds(500), 1,
                time.instant());
        assertThat(detector.assess(running(), Optional.of(reused), NO_SILENCE).reason()).contains("owner process is gone");
    }

    @Test
    void assess_wallClockSteppedBack_stillCountsSilenceByMonotonicTime() {
        JobEnvelope env = running();
        detector.assess(env, Optional.of(owner), NO_SILENCE);
        time.advance(Duration.ofSeconds(40));
        time.stepWallClock(Duration.ofSeconds(-40));

        var health = detector.assess(env, Optional.of(owner), NO_SILENCE);
        assertThat(health.liveness()).isEqualTo(Liveness.DEAD);
        assertThat(health.heartbeatAge()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void assess_noLeaseHolder_isDead() {
        assertThat(detector.assess(running(), Optional.empty(), NO_SILENCE).liveness()).isEqualTo(Liveness.DEAD);
    }

    @Test
    void assess_finishedJob_isFinished_neverRunning() {
        JobEnvelope done = running().finish(JobStatus.SUCCEEDED, null, time.instant());
        assertThat(detector.assess(done, Optional.empty(), NO_SILENCE).liveness()).isEqualTo(Liveness.FINISHED);
    }

    @Test
    void isDead_leaseWithoutEnvelope_usesLeaseStart() {
        assertThat(detector.isDead(owner, Optional.empty(), NO_SILENCE)).isFalse();
        time.advance(Duration.ofSeconds(31));
        assertThat(detector.isDead(owner, Optional.empty(), NO_SILENCE)).isTrue();
    }

    @Test
    void assess_storeMeasuredSilence_decidesInsteadOfASkewedWallClock() {
        JobEnvelope env = running();
        time.advance(Duration.ofSeconds(45));
        // the worker's clock runs 45 s behind this host's, but the store heard from it 2 s ago
        assertThat(detector.assess(env, Optional.of(owner), Optional.of(Duration.ofSeconds(2))).liveness())
                .isEqualTo(Liveness.ALIVE);

        JobEnvelope justWritten = running();
        var health = detector.assess(justWritten, Optional.of(owner), Optional.of(Duration.ofSeconds(31)));
        assertThat(health.liveness()).isEqualTo(Liveness.DEAD);
        assertThat(health.heartbeatAge()).isEqualTo(Duration.ofSeconds(31));
    }

    @Test
    void isDead_ownerOnAnotherHost_isJudgedBySilenceNotByThisHostsProcessTable() {
        LockOwner remote = new LockOwner(id, 999, "other-host", null, 1, time.instant().minusSeconds(600));
        assertThat(detector.isDead(remote, Optional.empty(), Optional.of(Duration.ofSeconds(5)))).isFalse();
        assertThat(detector.isDead(remote, Optional.empty(), Optional.of(Duration.ofSeconds(31)))).isTrue();
        assertThat(detector.assess(running(), Optional.of(remote), Optional.of(Duration.ofSeconds(5))).liveness())
                .isEqualTo(Liveness.ALIVE);
    }
}
