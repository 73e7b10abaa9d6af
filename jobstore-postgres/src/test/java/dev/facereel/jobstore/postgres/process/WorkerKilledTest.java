package dev.facereel.jobstore.postgres.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.Stage;
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
 * kill -9 of a worker mid-episode: a worker on another host takes the lease over once the dead one has been silent
 * for stallAfter on the database's clock, and resumes from the checkpoint.
 */
class WorkerKilledTest {
    private static final long HEARTBEAT_MS = 300;
    private static final long STALL_MS = 3000;

    @TempDir
    Path dir;

    @Test
    void killedWorker_anotherHostTakesOverAfterStallAfter_andResumesFromTheCheckpoint() throws Exception {
        List<Path> clips = ShortEpisodes.cut(dir, 1, 12, 0);
        try (Workers world = new Workers(dir)) {
            world.enqueue(clips);
            String[] timing = {"fps=5", "hb=" + HEARTBEAT_MS, "stall=" + STALL_MS};
            ChildJvm a = world.start("a", concat(timing, "host=host-a"));
            ChildJvm.awaitTrue(Duration.ofMinutes(2), () -> Frames.detected(a) >= 20, "worker a detected 20 frames");
            ChildJvm b = world.start("b", concat(timing, "host=host-b", "idle=exit"));
            b.awaitLine("PIPELINE READY", Duration.ofMinutes(1));

            a.kill();
            long killed = System.nanoTime();
            int byA = Frames.detected(a);
            ChildJvm.awaitTrue(Duration.ofMinutes(1), () -> world.store.queue().entries().get(0).attempt() == 2,
                    "worker b took the entry over");
            long takeoverMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("kill -9 -> takeover by a worker on another host: " + takeoverMs + " ms (stallAfter "
                    + STALL_MS + " ms)");
            assertThat(b.awaitExit(Duration.ofMinutes(2))).as("worker b:%n%s", b.output()).isZero();

            QueueEntry entry = world.store.queue().entries().get(0);
            assertThat(entry.worker()).isEqualTo("b");
            world.assertEachEpisodeRanOnce(1, 2);
            // Its last heartbeat came at most an interval (plus a slow frame) before the kill; a pid probe, which
            // only works on the owner's own host, would have taken over at once.
            assertThat(takeoverMs).as("a worker on another host is dead only once silent for stallAfter")
                    .isGreaterThanOrEqualTo(STALL_MS / 2);

            JobEnvelope job = world.jobsByEpisode().values().iterator().next().get(0);
            assertThat(job.leaseEpoch()).isEqualTo(2);
            long total = job.stage(Stage.DETECT).orElseThrow().unitsTotal();
            long byB = Long.parseLong(b.findLine("EXITED").orElseThrow());
            long twice = byA + byB - total;
            int interval = Frames.mostWithin(a, HEARTBEAT_MS) + 1;
            System.out.println("frames: " + total + " sampled, " + byA + " by a, " + byB + " by b, " + twice
                    + " processed twice; one checkpoint interval holds up to " + interval);
            assertThat(byB).as("b resumed from a checkpoint instead of starting over").isLessThan(total);
            assertThat(twice).isBetween(0L, (long) interval);

            Workers.assertSameOutputs(world.data, Workers.reference(dir, clips, 5), 1);
        }
    }

    static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
