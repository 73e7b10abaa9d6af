package dev.facereel.core.process;

import static dev.facereel.core.process.ChildJvm.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobAlreadyRunningException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM is paused (SIGSTOP) and keeps its OS lock; another JVM takes the job over by heartbeat age with a
 * higher lease epoch. When the paused worker continues, it must stop by itself and write nothing more.
 */
@Timeout(90)
class PausedOwnerTest {
    private static final String EPISODE = "show_s01_e03";
    private static final String UNITS = "1000000";

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
    void pause_ownerStoppedPastStallAfter_isTakenOver_andStopsItselfWhenContinued() throws Exception {
        Path root = tmp.resolve("data");
        Path holdB = tmp.resolve("hold-b");
        JobStore store = JobStorage.onFiles(root).jobs();
        JobCoordinator observer = RealJobs.coordinator(root, timer);
        ChildJvm a = child("work", root.toString(), EPISODE, UNITS, "5000");
        String[] started = a.awaitLine("STARTED", Duration.ofSeconds(30)).split(" ");
        JobId id = JobId.of(started[0]);
        long epochA = Long.parseLong(started[2]);
        awaitTrue(Duration.ofSeconds(20), () -> seq(store, id) >= 2, "A has written heartbeats");

        // Stop A just after a heartbeat, so that it is not in the middle of writing the envelope.
        long seen = seq(store, id);
        awaitTrue(Duration.ofSeconds(5), () -> seq(store, id) > seen, "A writes its next heartbeat");
        a.signal("STOP");
        awaitTrue(Duration.ofSeconds(10), () -> observer.health(store.find(id).orElseThrow()).liveness() == Liveness.DEAD,
                "A's heartbeat is older than stallAfter");
        JobHealth health = observer.health(store.find(id).orElseThrow());
        assertThat(health.reason()).startsWith("no heartbeat for");
        assertThat(health.heartbeatAge()).isGreaterThan(RealJobs.TIMINGS.stallAfter());
        int writesOfA = a.linesStartingWith("WROTE").size();

        ChildJvm b = child("resume", root.toString(), id.value(), UNITS, "0", holdB.toString());
        String[] resumed = b.awaitLine("RESUMED", Duration.ofSeconds(30)).split(" ");
        long epochB = Long.parseLong(resumed[4]);
        assertThat(epochB).isEqualTo(epochA + 1);
        assertThat(store.find(id).orElseThrow().leaseEpoch()).isEqualTo(epochB);

        a.signal("CONT");
        List<JobEnvelope> seenWhileAFinishes = new ArrayList<>();
        awaitTrue(Duration.ofSeconds(15), () -> {
            store.find(id).ifPresent(seenWhileAFinishes::add);
            return !a.process().isAlive();
        }, "A stops by itself");
        assertThat(a.awaitExit(Duration.ofSeconds(5))).as("A's exit; output:\n%s", a.output())
                .isEqualTo(JobChild.EXIT_LEASE_LOST);
        assertThat(a.findLine("LEASE LOST")).isPresent();
        assertThat(a.linesStartingWith("WROTE")).as("A's writes after SIGCONT").hasSize(writesOfA);
        store.find(id).ifPresent(seenWhileAFinishes::add);

        // A third process cannot claim the episode: A's OS lock is gone, but B lives and heartbeats.
        assertThatThrownBy(() -> observer.start(EpisodeKey.of(EPISODE), Stage.DETECT, List.of(Stage.DETECT), Map.of(),
                e -> { })).isInstanceOf(JobAlreadyRunningException.class).hasMessageContaining(id.value());

        Files.createFile(holdB);
        assertThat(b.awaitExit(Duration.ofSeconds(30))).as("B's exit; output:\n%s", b.output()).isZero();
        Set<String> writesOfB = new HashSet<>(b.linesStartingWith("WROTE"));
        assertThat(seenWhileAFinishes).isNotEmpty().allSatisfy(env -> {
            assertThat(env.leaseEpoch()).isEqualTo(epochB);
            assertThat(writesOfB).as("envelopes B wrote").contains(wrote(env));
        });

        JobEnvelope done = store.find(id).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.leaseEpoch()).isEqualTo(epochB);
        assertThat(writesOfB).contains(wrote(done));
        EpisodeKey episode = EpisodeKey.of(EPISODE);
        assertThat(new DataLayout(root).leaseFile(episode)).doesNotExist();
        assertThat(JobStorage.onFiles(root).runtime().activeJobs(episode)).isEmpty();
    }

    /**
     * A worker paused between the store's epoch check and its file write (GC pause, SIGSTOP, slow disk) and taken
     * over meanwhile must not replace its successor's envelope when it continues. The child pauses inside that
     * window on purpose.
     */
    @Test
    void pause_ownerStoppedBetweenEpochCheckAndWrite_doesNotOverwriteTheNewOwner() throws Exception {
        Path root = tmp.resolve("data");
        Path continueA = tmp.resolve("continue-a");
        Path holdB = tmp.resolve("hold-b");
        JobStore store = JobStorage.onFiles(root).jobs();
        JobCoordinator observer = RealJobs.coordinator(root, timer);
        ChildJvm a = child("stuck", root.toString(), EPISODE, "3", continueA.toString());
        JobId id = JobId.of(a.awaitLine("STARTED", Duration.ofSeconds(30)).split(" ")[0]);
        a.awaitLine("IN_WRITE", Duration.ofSeconds(20));
        awaitTrue(Duration.ofSeconds(10), () -> observer.health(store.find(id).orElseThrow()).liveness() == Liveness.DEAD,
                "A's heartbeat is older than stallAfter");

        ChildJvm b = child("resume", root.toString(), id.value(), UNITS, "0", holdB.toString());
        long epochB = Long.parseLong(b.awaitLine("RESUMED", Duration.ofSeconds(30)).split(" ")[4]);
        assertThat(store.find(id).orElseThrow().leaseEpoch()).isEqualTo(epochB);

        Files.createFile(continueA);
        assertThat(a.awaitExit(Duration.ofSeconds(15))).as("A's exit; output:\n%s", a.output())
                .isEqualTo(JobChild.EXIT_LEASE_LOST);
        assertThat(store.find(id).orElseThrow().leaseEpoch()).as("lease epoch in meta.json after A continued")
                .isEqualTo(epochB);

        Files.createFile(holdB);
        assertThat(b.awaitExit(Duration.ofSeconds(30))).as("B's exit; output:\n%s", b.output()).isZero();
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    private ChildJvm child(String... args) throws Exception {
        ChildJvm child = ChildJvm.start(args);
        children.add(child);
        return child;
    }

    private static long seq(JobStore store, JobId id) {
        return store.find(id).map(JobEnvelope::heartbeatSeq).orElse(-1L);
    }

    private static String wrote(JobEnvelope e) {
        return e.leaseEpoch() + " " + e.heartbeatSeq() + " " + e.updatedAt();
    }
}
