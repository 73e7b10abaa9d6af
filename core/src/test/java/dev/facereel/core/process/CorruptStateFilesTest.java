package dev.facereel.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.jobs.JobCoordinator;
import dev.facereel.core.internal.jobs.JobRun;
import dev.facereel.core.internal.jobs.ScheduledHeartbeatTimer;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.RuntimeTracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damaged state files on the real file system: each one gives a {@link JobStoreException} that names the file,
 * or a safe recovery where nobody can own the episode; never a hang and never a second owner.
 */
@Timeout(60)
class CorruptStateFilesTest {
    private static final EpisodeKey EPISODE = EpisodeKey.of("show_s02_e01");

    /** Ways a state file can be damaged. */
    enum Damage {
        EMPTY, TRUNCATED, GARBAGE;

        byte[] apply(byte[] valid) {
            return switch (this) {
                case EMPTY -> new byte[0];
                case TRUNCATED -> Arrays.copyOf(valid, valid.length / 2);
                case GARBAGE -> "\u0000\u00ffnot json at all {{{".getBytes(StandardCharsets.ISO_8859_1);
            };
        }
    }

    @TempDir
    Path tmp;

    private final List<ChildJvm> children = new ArrayList<>();
    private final ScheduledHeartbeatTimer timer = new ScheduledHeartbeatTimer();
    private Path root;
    private DataLayout layout;
    private JobCoordinator coordinator;

    @AfterEach
    void cleanUp() {
        children.forEach(ChildJvm::close);
        timer.close();
    }

    private void open() {
        root = tmp.resolve("data");
        layout = new DataLayout(root);
        coordinator = RealJobs.coordinator(root, timer);
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void corruptMeta_findResumeAndCancel_failNamingTheFile_andRecoveryScanSkipsIt(Damage damage) throws IOException {
        open();
        JobRun run = start();
        run.finish(JobStatus.CANCELED, "stopped");
        Path meta = layout.jobMeta(run.id());
        damage(meta, damage);

        assertThatThrownBy(() -> JobStorage.onFiles(root).jobs().find(run.id())).isInstanceOf(JobStoreException.class)
                .hasMessageContaining(meta.toString());
        assertThatThrownBy(() -> coordinator.resume(run.id(), e -> { })).isInstanceOf(JobStoreException.class)
                .hasMessageContaining(meta.toString());
        assertThatThrownBy(() -> coordinator.cancel(run.id())).isInstanceOf(JobStoreException.class)
                .hasMessageContaining(meta.toString());
        assertThat(coordinator.recoverable()).isEmpty();

        JobRun next = start();
        succeed(next);
        assertThat(JobStorage.onFiles(root).jobs().jobIds()).containsExactlyInAnyOrder(run.id(), next.id());
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void corruptRuntime_readFailsNamingTheFile_andTheNextClaimReplacesIt(Damage damage) throws IOException {
        open();
        succeed(start());
        Path runtime = layout.runtimeFile(EPISODE);
        damage(runtime, damage);
        RuntimeTracker tracker = JobStorage.onFiles(root).runtime();

        assertThatThrownBy(() -> tracker.activeJobs(EPISODE)).isInstanceOf(JobStoreException.class)
                .hasMessageContaining(runtime.toString());
        assertThatThrownBy(() -> coordinator.activeJob(EPISODE)).isInstanceOf(JobStoreException.class)
                .hasMessageContaining(runtime.toString());

        JobRun next = start();
        assertThat(tracker.activeJobs(EPISODE)).containsEntry(Stage.DETECT, next.id());
        succeed(next);
        assertThat(tracker.activeJobs(EPISODE)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void corruptLease_noProcessHoldsTheOsLock_claimRecovers(Damage damage) throws IOException {
        open();
        succeed(start());
        Path lease = layout.leaseFile(EPISODE);
        // a clean finish deletes lease.json: put a damaged copy of a valid state file in its place
        Path meta = layout.jobMeta(JobStorage.onFiles(root).jobs().jobIds().get(0));
        Files.write(lease, damage.apply(Files.readAllBytes(meta)));

        JobRun next = start();
        assertThat(JobStorage.onFiles(root).locks().owner(EPISODE))
                .hasValueSatisfying(o -> assertThat(o.jobId()).isEqualTo(next.id()));
        succeed(next);
        assertThat(lease).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void corruptLease_liveOwnerInAnotherJvm_secondClaimIsRefusedWithAnError(Damage damage) throws Exception {
        open();
        ChildJvm owner = child("claim", root.toString(), EPISODE.value(), "-", tmp.resolve("release").toString());
        JobId ownerJob = JobId.of(owner.awaitLine("CLAIMED", Duration.ofSeconds(30)));
        Path lease = layout.leaseFile(EPISODE);
        damage(lease, damage);

        assertThatThrownBy(this::start).isInstanceOf(JobStoreException.class)
                .hasMessageContaining(lease.toString()).hasMessageContaining("delete");
        assertThatThrownBy(() -> coordinator.resume(ownerJob, e -> { })).isInstanceOf(JobStoreException.class)
                .hasMessageContaining(lease.toString());
        assertThat(JobStorage.onFiles(root).jobs().jobIds()).containsExactly(ownerJob);

        // The owner cannot prove it still holds the lease either, so it stops at its next write.
        Files.createFile(tmp.resolve("release"));
        assertThat(owner.awaitExit(Duration.ofSeconds(20))).as("owner's exit; output:\n%s", owner.output())
                .isEqualTo(JobChild.EXIT_LEASE_LOST);

        // Nobody holds the OS lock now: the damaged lease is recovered, and the stopped job is reported resumable.
        JobRun next = start();
        assertThat(coordinator.recoverable()).extracting(JobEnvelope::id).containsExactly(ownerJob);
        succeed(next);
    }

    @Test
    void lockFileWithGarbage_isHarmless_onlyItsOsLockCounts() throws Exception {
        open();
        Path lockFile = layout.lockFile(EPISODE);
        Files.createDirectories(lockFile.getParent());
        Files.write(lockFile, "\u0000garbage, not a lock".getBytes(StandardCharsets.ISO_8859_1));
        succeed(start());

        ChildJvm owner = child("claim", root.toString(), EPISODE.value(), "-", tmp.resolve("release").toString());
        JobId ownerJob = JobId.of(owner.awaitLine("CLAIMED", Duration.ofSeconds(30)));
        Files.write(lockFile, "more garbage".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(this::start).isInstanceOf(JobAlreadyRunningException.class)
                .hasMessageContaining(ownerJob.value());

        Files.createFile(tmp.resolve("release"));
        assertThat(owner.awaitExit(Duration.ofSeconds(20))).as("owner's exit; output:\n%s", owner.output()).isZero();
        assertThat(JobStorage.onFiles(root).jobs().find(ownerJob).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        succeed(start());
    }

    private JobRun start() {
        return coordinator.start(EPISODE, Stage.DETECT, List.of(Stage.DETECT), Map.of(), e -> { });
    }

    private static void succeed(JobRun run) {
        run.stageStarted(Stage.DETECT, 1);
        run.progress(1, 0);
        run.stageSucceeded(Stage.DETECT, Map.of());
        run.finish(JobStatus.SUCCEEDED, null);
    }

    private static void damage(Path file, Damage damage) throws IOException {
        Files.write(file, damage.apply(Files.readAllBytes(file)));
    }

    private ChildJvm child(String... args) throws IOException {
        ChildJvm child = ChildJvm.start(args);
        children.add(child);
        return child;
    }
}
