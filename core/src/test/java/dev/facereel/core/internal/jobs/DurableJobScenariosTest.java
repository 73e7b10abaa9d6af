package dev.facereel.core.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobCanceledException;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.JobId;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.Lease;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.jobs.LockOwner;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.Liveness;
import dev.facereel.core.testing.JobsHarness;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import dev.facereel.spi.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The durability contract, scenario by scenario, on an in-memory file system with fake time. */
class DurableJobScenariosTest {
    private static final EpisodeKey EPISODE = EpisodeKey.of("RHOBH_S05_E03_11062025");
    private static final List<Stage> ALL = Stage.CLUSTER.withPrerequisites();

    private final JobsHarness h = new JobsHarness();
    private final DataLayout layout = new DataLayout(h.root);
    private final List<JobEnvelope> writes = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private JobRun startDetect(JobCoordinator c) {
        return c.start(EPISODE, Stage.DETECT, List.of(Stage.DETECT), Map.of("video", "/v.mp4"), writes::add);
    }

    @Test
    void normalRun_whileRunning_runtimeLeaseAndHeartbeatsPresent_allClearedOnCompletion() {
        JobCoordinator worker = h.process(100);
        JobRun run = startDetect(worker);
        run.stageStarted(Stage.DETECT, 100);

        assertThat(Files.exists(layout.leaseFile(EPISODE))).isTrue();
        assertThat(Files.exists(layout.lockFile(EPISODE))).isTrue();
        assertThat(h.process(200).activeJob(EPISODE)).map(JobEnvelope::id).contains(run.id());
        assertThat(new FileRuntimeTracker(h.root, h.time).activeJobs(EPISODE)).containsEntry(Stage.DETECT, run.id());

        for (int frame = 0; frame < 100; frame++) {
            h.time.advance(Duration.ofMillis(250));
            run.progress(frame + 1, frame);
        }
        JobEnvelope mid = worker.require(run.id());
        assertThat(mid.stage(Stage.DETECT).orElseThrow().heartbeatSeq()).isEqualTo(2);
        assertThat(mid.stage(Stage.DETECT).orElseThrow().checkpoint()).isBetween(39L, 99L);

        run.stageSucceeded(Stage.DETECT, Map.of("frames", "100"));
        run.finish(JobStatus.SUCCEEDED, null);

        JobEnvelope done = worker.require(run.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.stage(Stage.DETECT).orElseThrow().result()).containsEntry("frames", "100");
        assertThat(Files.exists(layout.leaseFile(EPISODE))).isFalse();
        assertThat(new FileRuntimeTracker(h.root, h.time).activeJobs(EPISODE)).isEmpty();
        assertThat(worker.activeJob(EPISODE)).isEmpty();
        assertThat(h.timer.scheduled()).isZero();
    }

    @Test
    void secondClientAfterRefresh_findsRunningJob_andSeesProgressMove() {
        JobRun run = startDetect(h.process(100));
        run.stageStarted(Stage.DETECT, 1000);
        JobCoordinator browser = h.process(200);

        JobEnvelope first = browser.activeJob(EPISODE).orElseThrow();
        assertThat(first.id()).isEqualTo(run.id());
        h.time.advance(Duration.ofSeconds(10));
        run.progress(400, 399);
        JobEnvelope later = browser.activeJob(EPISODE).orElseThrow();

        assertThat(later.stage(Stage.DETECT).orElseThrow().unitsDone()).isEqualTo(400);
        assertThat(later.heartbeatSeq()).isGreaterThan(first.heartbeatSeq());
        assertThat(browser.health(later).liveness()).isEqualTo(Liveness.ALIVE);
    }

    @Test
    void workerDies_isReportedDead_byPid_andByHeartbeatAge() {
        JobRun run = startDetect(h.process(100));
        run.stageStarted(Stage.DETECT, 1000);
        JobCoordinator observer = h.process(200);
        JobEnvelope env = observer.require(run.id());
        assertThat(observer.health(env).liveness()).isEqualTo(Liveness.ALIVE);

        h.processes.kill(100);
        assertThat(observer.health(env).liveness()).isEqualTo(Liveness.DEAD);
        assertThat(observer.health(env).reason()).contains("owner process is gone");
        assertThat(observer.recoverable()).extracting(JobEnvelope::id).containsExactly(run.id());
    }

    @Test
    void ownerOnOtherHostFallsSilent_isDeadAfterStallAfter_notBefore() {
        JobRun run = startDetect(h.process(100));
        run.stageStarted(Stage.DETECT, 1000);
        JobCoordinator observer = h.process(200);

        h.time.advance(Duration.ofSeconds(29));
        assertThat(observer.health(observer.require(run.id())).liveness()).isEqualTo(Liveness.ALIVE);
        h.time.advance(Duration.ofSeconds(2));
        var health = observer.health(observer.require(run.id()));
        assertThat(health.liveness()).isEqualTo(Liveness.DEAD);
        assertThat(health.reason()).contains("no heartbeat for 31 s");
        assertThat(health.heartbeatAgeSeconds()).isEqualTo(31.0);
    }

    @Test
    void heartbeatsWithoutProgress_isReportedStalled() {
        JobRun run = startDetect(h.process(100));
        run.stageStarted(Stage.DETECT, 1000);
        run.progress(5, 4);
        JobCoordinator observer = h.process(200);
        for (int i = 0; i < 14; i++) {
            h.time.advance(Duration.ofSeconds(10));
            h.timer.fire();
        }
        var health = observer.health(observer.require(run.id()));
        assertThat(health.liveness()).isEqualTo(Liveness.STALLED);
        assertThat(health.reason()).contains("no progress for 130 s");
        assertThat(health.heartbeatAgeSeconds()).isLessThan(10.0);
    }

    @Test
    void resumeAfterStall_takesOverLease_continuesFromCheckpoint_andOldWorkerStops() {
        JobRun first = startDetect(h.process(100));
        first.stageStarted(Stage.DETECT, 1000);
        h.time.advance(Duration.ofSeconds(10));
        first.progress(300, 299);
        h.time.advance(Duration.ofSeconds(31));

        JobRun second = h.process(200).resume(first.id(), writes::add);
        assertThat(second.lease().epoch()).isEqualTo(first.lease().epoch() + 1);
        assertThat(second.checkpoint(Stage.DETECT)).isEqualTo(299);
        second.stageStarted(Stage.DETECT, 1000);

        assertThatThrownBy(first::heartbeat).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> first.progress(301, 300)).isInstanceOf(LeaseLostException.class);
        first.finish(JobStatus.FAILED, "should not be written");

        second.progress(1000, 999);
        second.stageSucceeded(Stage.DETECT, Map.of());
        second.finish(JobStatus.SUCCEEDED, null);
        JobEnvelope done = h.process(300).require(first.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.leaseEpoch()).isEqualTo(second.lease().epoch());
        assertThat(Files.exists(layout.leaseFile(EPISODE))).isFalse();
    }

    @Test
    void cancel_liveWorkerStopsAtNextHeartbeat_thenNewJobCanStart() {
        JobCoordinator worker = h.process(100);
        JobRun run = startDetect(worker);
        run.stageStarted(Stage.DETECT, 1000);
        h.process(200).cancel(run.id());

        run.progress(1, 0);
        h.time.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> run.progress(2, 1)).isInstanceOf(JobCanceledException.class);
        run.finish(JobStatus.CANCELED, "canceled");

        assertThat(worker.require(run.id()).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(worker.require(run.id()).cancelRequested()).isTrue();
        JobRun next = startDetect(h.process(300));
        assertThat(next.id()).isNotEqualTo(run.id());
        next.stageStarted(Stage.DETECT, 1000);
        next.stageSucceeded(Stage.DETECT, Map.of());
        next.finish(JobStatus.SUCCEEDED, null);
        assertThat(worker.require(next.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void cancel_liveWorkerSeesItAQuarterIntervalLater_withoutWaitingForTheHeartbeat() {
        JobCoordinator worker = h.process(100);
        JobRun run = startDetect(worker);
        run.stageStarted(Stage.DETECT, 1000);
        long beats = worker.require(run.id()).heartbeatSeq();
        h.process(200).cancel(run.id());

        h.time.advance(Duration.ofMillis(2400)); // under a quarter of the 10 s heartbeat: not looked yet
        run.progress(1, 0);
        h.time.advance(Duration.ofMillis(100));
        assertThatThrownBy(() -> run.progress(2, 0)).isInstanceOf(JobCanceledException.class);

        assertThat(worker.require(run.id()).heartbeatSeq()).as("no heartbeat was due").isEqualTo(beats);
    }

    @Test
    void cancel_deadJob_isFinalisedDirectly() {
        JobRun run = startDetect(h.process(100));
        run.stageStarted(Stage.DETECT, 1000);
        h.processes.kill(100);

        JobEnvelope after = h.process(200).cancel(run.id());

        assertThat(after.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(after.stage(Stage.DETECT).orElseThrow().status()).isEqualTo(JobStatus.CANCELED);
        assertThat(new FileRuntimeTracker(h.root, h.time).activeJobs(EPISODE)).isEmpty();
        assertThat(Files.exists(layout.leaseFile(EPISODE))).isFalse();
    }

    @Test
    void forceCancel_wedgedWorker_isTerminatedAfterGrace_andFinalised() throws Exception {
        JobRun run = startDetect(h.process(100));
        run.stageStarted(Stage.DETECT, 1000);
        JobCoordinator canceller = h.process(200);

        JobEnvelope after = canceller.forceCancel(run.id(), Duration.ofSeconds(20), d -> h.time.advance(d));

        assertThat(h.processes.wasTerminated(100)).isTrue();
        assertThat(after.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(canceller.activeJob(EPISODE)).isEmpty();
    }

    @Test
    void forceCancel_ofAJobOfTheCallingProcess_isRefusedWithoutTerminatingIt() throws Exception {
        JobCoordinator worker = h.process(100);
        JobRun run = startDetect(worker);
        run.stageStarted(Stage.DETECT, 1000);

        assertThatThrownBy(() -> worker.forceCancel(run.id(), Duration.ofSeconds(20), d -> h.time.advance(d)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("runs in this process");

        assertThat(h.processes.wasTerminated(100)).isFalse();
        assertThat(worker.require(run.id()).cancelRequested()).isTrue();
    }

    @Test
    void duplicateStart_isRefused_namingTheRunningJob() {
        JobRun run = startDetect(h.process(100));

        assertThatThrownBy(() -> startDetect(h.process(200)))
                .isInstanceOf(JobAlreadyRunningException.class)
                .hasMessageContaining(run.id().value()).hasMessageContaining("pid 100");
        assertThatThrownBy(() -> startDetect(h.process(100)))
                .isInstanceOf(JobAlreadyRunningException.class).hasMessageContaining(run.id().value());
        assertThat(new FileJobStore(h.root).jobIds()).containsExactly(run.id());
    }

    @Test
    void error_clearsRuntimeAndLease_andRetryWorks() {
        JobCoordinator worker = h.process(100);
        JobRun run = startDetect(worker);
        run.stageStarted(Stage.DETECT, 10);
        run.finish(JobStatus.FAILED, "decoder exploded");

        JobEnvelope failed = worker.require(run.id());
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).isEqualTo("decoder exploded");
        assertThat(failed.stage(Stage.DETECT).orElseThrow().error()).isEqualTo("decoder exploded");
        assertThat(new FileRuntimeTracker(h.root, h.time).activeJobs(EPISODE)).isEmpty();
        assertThat(Files.exists(layout.leaseFile(EPISODE))).isFalse();

        JobRun retry = startDetect(worker);
        retry.stageStarted(Stage.DETECT, 10);
        retry.stageSucceeded(Stage.DETECT, Map.of());
        retry.finish(JobStatus.SUCCEEDED, null);
        assertThat(worker.require(retry.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void runtimeTracking_coversEveryStageOfTheJob_andFollowsItToTheEnd() {
        JobCoordinator worker = h.process(100);
        JobRun run = worker.start(EPISODE, Stage.CLUSTER, ALL, Map.of(), writes::add);
        FileRuntimeTracker tracker = new FileRuntimeTracker(h.root, h.time);
        assertThat(tracker.activeJobs(EPISODE)).containsOnlyKeys(ALL).containsValues(run.id());

        for (Stage s : ALL) {
            run.stageStarted(s, 4);
            run.progress(4, 3);
            assertThat(h.process(200).activeJob(EPISODE).orElseThrow().runningStage()).contains(s);
            run.stageSucceeded(s, Map.of());
        }
        run.finish(JobStatus.SUCCEEDED, null);

        assertThat(tracker.activeJobs(EPISODE)).isEmpty();
        assertThat(worker.require(run.id()).stages().values()).allMatch(st -> st.status() == JobStatus.SUCCEEDED);
    }

    @Test
    void startOverDeadJob_abandonsIt_soItNeverReadsAsRunning() {
        JobRun dead = startDetect(h.process(100));
        dead.stageStarted(Stage.DETECT, 10);
        h.processes.kill(100);

        JobRun fresh = startDetect(h.process(200));

        JobEnvelope old = h.process(300).require(dead.id());
        assertThat(old.status()).isEqualTo(JobStatus.FAILED);
        assertThat(old.error()).contains("abandoned").contains(fresh.id().value());
        assertThat(h.process(300).recoverable()).isEmpty();
    }

    @Test
    void resume_ofFinishedJob_isRefusedClearly() {
        JobCoordinator worker = h.process(100);
        JobRun run = startDetect(worker);
        run.finish(JobStatus.CANCELED, "canceled");

        assertThatThrownBy(() -> worker.resume(run.id(), writes::add))
                .hasMessageContaining(run.id().value()).hasMessageContaining("already ended (canceled)");
    }

    @Test
    void resume_whileTheWorkerEndsTheJob_isRefused_andLeavesItsEnd() {
        JobRun run = startDetect(h.process(100));
        run.stageStarted(Stage.DETECT, 10);
        // The resumer reads the running envelope; the worker ends the job and releases the lease before the resumer
        // claims the episode.
        JobCoordinator resumer = h.process(200, locks -> new DelegatingLocks(locks) {
            @Override
            public Lease acquire(EpisodeKey episode, JobId job, Predicate<LockOwner> isDead, long above) {
                run.finish(JobStatus.CANCELED, "canceled");
                return super.acquire(episode, job, isDead, above);
            }
        });

        assertThatThrownBy(() -> resumer.resume(run.id(), writes::add))
                .hasMessageContaining(run.id().value()).hasMessageContaining("already ended (canceled)");
        assertThat(resumer.require(run.id()).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(resumer.activeJob(EPISODE)).isEmpty();
        assertThat(h.process(300).start(EPISODE, Stage.DETECT, List.of(Stage.DETECT), Map.of(), writes::add).lease()
                .isTakeover()).as("the resumer released the episode").isFalse();
    }

    /**
     * A job taken over to epoch 2 whose second owner could not write its end (say the disk was full): it cleared its
     * runtime entry and let the episode go, leaving the envelope running at epoch 2 with nobody holding the episode.
     */
    private JobId takenOverAndLetGoWithoutItsEnd() {
        JobRun first = startDetect(h.process(100));
        first.stageStarted(Stage.DETECT, 10);
        h.processes.kill(100);
        JobRun second = h.process(200).resume(first.id(), writes::add);
        assertThat(second.lease().epoch()).isEqualTo(2);
        new FileRuntimeTracker(h.root, h.time).clear(EPISODE, second.id());
        new FileLockManager(h.root, h.processes.process(200), h.time).release(second.lease());
        h.processes.kill(200);
        return first.id();
    }

    @Test
    void jobTakenOverWhoseEndWasNeverWritten_canBeResumed_atAHigherEpoch() {
        JobId id = takenOverAndLetGoWithoutItsEnd();

        JobRun third = h.process(300).resume(id, writes::add);
        assertThat(third.lease().epoch()).as("a higher epoch than the envelope's").isGreaterThan(2);
        third.stageSucceeded(Stage.DETECT, Map.of());
        third.finish(JobStatus.SUCCEEDED, null);
        assertThat(h.process(400).require(id).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void jobTakenOverWhoseEndWasNeverWritten_canBeCanceled() {
        JobId id = takenOverAndLetGoWithoutItsEnd();

        assertThat(h.process(300).cancel(id).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(h.process(300).activeJob(EPISODE)).isEmpty();
    }

    /** A lock manager that passes every call on, for tests that step in before one. */
    private static class DelegatingLocks implements LockManager {
        private final LockManager delegate;

        DelegatingLocks(LockManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public Lease acquire(EpisodeKey episode, JobId job, Predicate<LockOwner> isDead) {
            return delegate.acquire(episode, job, isDead);
        }

        @Override
        public Lease acquire(EpisodeKey episode, JobId job, Predicate<LockOwner> isDead, long above) {
            return delegate.acquire(episode, job, isDead, above);
        }

        @Override
        public Optional<LockOwner> owner(EpisodeKey episode) {
            return delegate.owner(episode);
        }

        @Override
        public boolean holds(Lease lease) {
            return delegate.holds(lease);
        }

        @Override
        public void release(Lease lease) {
            delegate.release(lease);
        }

        @Override
        public Optional<Duration> silence(EpisodeKey episode) {
            return delegate.silence(episode);
        }
    }

    @Test
    void finish_withStatusTheTableForbids_stillEndsTheJob_asFailed() {
        JobCoordinator worker = h.process(100);
        JobRun run = startDetect(worker);
        run.finish(JobStatus.SUCCEEDED, null);

        JobEnvelope env = worker.require(run.id());
        assertThat(env.status()).isEqualTo(JobStatus.FAILED);
        assertThat(env.error()).contains("could not end as succeeded from pending");
        assertThat(worker.activeJob(EPISODE)).isEmpty();
    }

    @Test
    void resume_ofLiveJob_isRefused() {
        JobRun run = startDetect(h.process(100));
        run.stageStarted(Stage.DETECT, 10);

        assertThatThrownBy(() -> h.process(200).resume(run.id(), writes::add))
                .isInstanceOf(JobAlreadyRunningException.class).hasMessageContaining(run.id().value());
    }
}
