package dev.facereel.jobstore.postgres.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.process.ChildJvm;
import dev.facereel.jobstore.postgres.testing.ShortEpisodes;
import dev.facereel.jobstore.postgres.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL stops (fast shutdown) and starts again while two workers run: they retry, and every job finishes once. */
class DatabaseRestartTest {
    @TempDir
    Path dir;

    @Test
    void serverRestartMidRun_workersRetryWithBackoff_noJobLostOrDuplicated() throws Exception {
        TestDatabase.controlCommand();
        List<Path> clips = ShortEpisodes.cut(dir, 3, 7, 9);
        try (Workers world = new Workers(dir)) {
            world.enqueue(clips);
            String[] timing = {"fps=3", "hb=500", "stall=20000", "idle=exit"};
            List<ChildJvm> workers = List.of(world.start("a", timing), world.start("b", timing));
            ChildJvm.awaitTrue(Duration.ofMinutes(2), () -> workers.stream().allMatch(w -> Frames.detected(w) >= 3),
                    "both workers are mid-episode");

            TestDatabase.control("stop");
            try {
                ChildJvm.awaitTrue(Duration.ofMinutes(1), () -> workers.stream().anyMatch(w -> w.output().contains("retry")),
                        "a worker noticed the database is gone and retries");
            } finally {
                TestDatabase.control("start");
            }
            for (ChildJvm w : workers) {
                assertThat(w.awaitExit(Duration.ofMinutes(4))).as("worker output:%n%s", w.output()).isZero();
            }

            assertThat(workers.stream().map(ChildJvm::output)).anyMatch(o -> o.contains("answers again"));
            world.assertEachEpisodeRanOnce(3, 1);
            Workers.assertSameOutputs(world.data, Workers.reference(dir, clips, 3), 3);
        }
    }
}
