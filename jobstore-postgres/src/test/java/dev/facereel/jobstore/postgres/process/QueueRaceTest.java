package dev.facereel.jobstore.postgres.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.process.ChildJvm;
import dev.facereel.jobstore.postgres.QueueEntry;
import dev.facereel.jobstore.postgres.testing.ShortEpisodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three worker JVMs pull six short episodes from one queue: each is processed exactly once, as one host would. */
class QueueRaceTest {
    private static final double FPS = 2;

    @TempDir
    Path dir;

    @Test
    void threeWorkers_sixEpisodes_eachProcessedExactlyOnce_outputsEqualASingleHostRun() throws Exception {
        List<Path> clips = ShortEpisodes.cut(dir, 6, 6, 7);
        try (Workers world = new Workers(dir)) {
            world.enqueue(clips);
            List<ChildJvm> workers = List.of(
                    world.start("w1", "fps=" + FPS, "idle=exit", "stall=10000", "hb=1000"),
                    world.start("w2", "fps=" + FPS, "idle=exit", "stall=10000", "hb=1000"),
                    world.start("w3", "fps=" + FPS, "idle=exit", "stall=10000", "hb=1000"));
            for (ChildJvm w : workers) {
                assertThat(w.awaitExit(Duration.ofMinutes(4))).as("worker output:%n%s", w.output()).isZero();
            }

            world.assertEachEpisodeRanOnce(6, 1);
            Map<String, Long> perWorker = world.store.queue().entries().stream()
                    .collect(Collectors.groupingBy(QueueEntry::worker, Collectors.counting()));
            System.out.println("episodes per worker: " + perWorker);
            long detected = workers.stream().mapToLong(w -> Long.parseLong(w.findLine("EXITED").orElseThrow())).sum();
            long sampled = world.jobsByEpisode().values().stream().map(l -> l.get(0))
                    .mapToLong(e -> e.stage(dev.facereel.core.Stage.DETECT).orElseThrow().unitsTotal()).sum();
            assertThat(detected).as("detector calls across the workers").isEqualTo(sampled);

            Path reference = Workers.reference(dir, clips, FPS);
            Workers.assertSameOutputs(world.data, reference, 6);
        }
    }
}
