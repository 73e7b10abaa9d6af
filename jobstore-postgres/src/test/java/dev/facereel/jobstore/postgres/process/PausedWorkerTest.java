package dev.facereel.jobstore.postgres.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.process.ChildJvm;
import dev.facereel.jobstore.postgres.QueueEntry;
import dev.facereel.jobstore.postgres.testing.ShortEpisodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker paused (SIGSTOP) past stallAfter loses its episode to another; resumed (SIGCONT), its fenced writes fail
 * and it stops without touching the new owner's state.
 */
class PausedWorkerTest {
    @TempDir
    Path dir;

    @Test
    void pausedWorker_isTakenOver_andOnWakingItsWritesAreFencedAndItStops() throws Exception {
        List<Path> clips = ShortEpisodes.cut(dir, 1, 12, 0);
        try (Workers world = new Workers(dir)) {
            world.enqueue(clips);
            String[] timing = {"fps=5", "hb=300", "stall=3000", "idle=exit"};
            ChildJvm a = world.start("a", WorkerKilledTest.concat(timing, "host=host-a"));
            ChildJvm.awaitTrue(Duration.ofMinutes(2), () -> Frames.detected(a) >= 10, "worker a detected 10 frames");
            a.signal("STOP");
            int beforePause = Frames.detected(a);
            ChildJvm b = world.start("b", WorkerKilledTest.concat(timing, "host=host-b"));
            ChildJvm.awaitTrue(Duration.ofMinutes(1), () -> world.store.queue().entries().get(0).attempt() == 2,
                    "worker b took the entry over");
            ChildJvm.awaitTrue(Duration.ofMinutes(1), () -> Frames.detected(b) >= 3, "worker b works on the episode");
            JobEnvelope taken = world.jobsByEpisode().values().iterator().next().get(0);
            assertThat(taken.leaseEpoch()).isEqualTo(2);

            a.signal("CONT");
            ChildJvm.awaitTrue(Duration.ofMinutes(1), () -> a.output().contains("lost job"),
                    "worker a noticed that it lost its job");
            assertThat(Frames.detected(a) - beforePause).as("frames a processed after waking").isLessThanOrEqualTo(2);
            assertThat(b.awaitExit(Duration.ofMinutes(2))).as("worker b:%n%s", b.output()).isZero();
            assertThat(a.awaitExit(Duration.ofMinutes(1))).as("worker a:%n%s", a.output()).isZero();

            QueueEntry entry = world.store.queue().entries().get(0);
            assertThat(entry.worker()).isEqualTo("b");
            world.assertEachEpisodeRanOnce(1, 2);
            assertThat(world.jobsByEpisode().values().iterator().next().get(0).leaseEpoch()).isEqualTo(2);
            Workers.assertSameOutputs(world.data, Workers.reference(dir, clips, 5), 1);
        }
    }
}
