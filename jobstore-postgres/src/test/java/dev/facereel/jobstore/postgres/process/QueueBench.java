package dev.facereel.jobstore.postgres.process;

import dev.facereel.core.Stage;
import dev.facereel.core.process.ChildJvm;
import dev.facereel.jobstore.postgres.EpisodeQueue;
import dev.facereel.jobstore.postgres.QueueEntry;
import dev.facereel.jobstore.postgres.testing.ShortEpisodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Figures for the PostgreSQL queue, on whatever machine runs it (needs {@code FACEREEL_PG_URL}):
 * <ul>
 *   <li>throughput of 1, 2 and 3 worker JVMs on six 6-second episodes (5 frames/s sampled, opencv defaults), from
 *       the first claim to the last finish on the database's clock; {@code runs} runs each, median;</li>
 *   <li>claim latency: one {@link EpisodeQueue#claim} round trip with 200 entries waiting, median;</li>
 *   <li>kill -9 of a worker mid-way through a 12-second episode to the takeover of its entry by another, idle and
 *       ready, on another host (stallAfter on the database's clock decides) and on the same host (the pid probe
 *       decides).</li>
 * </ul>
 * Run: {@code mvn -B -o -q -pl jobstore-postgres -am test-compile exec:java -Dexec.mainClass=…QueueBench
 * -Dexec.classpathScope=test -Dexec.args=3} (or with {@code java -cp}); {@code 3 takeover} measures only the takeovers.
 */
public final class QueueBench {
    private QueueBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        boolean all = args.length < 2 || !"takeover".equals(args[1]);
        Path dir = Files.createTempDirectory("facereel-queue-bench");
        List<Path> clips = ShortEpisodes.cut(dir, 6, 6, 7);
        for (int workers = 1; all && workers <= 3; workers++) {
            List<Double> epm = new ArrayList<>();
            List<Double> fps = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                double[] result = throughput(Files.createTempDirectory(dir, "run"), clips, workers);
                epm.add(result[0]);
                fps.add(result[1]);
                System.out.printf(Locale.ROOT, "  %d worker(s), run %d: %.2f episodes/min, %.1f frames/s%n", workers, r + 1,
                        result[0], result[1]);
            }
            System.out.printf(Locale.ROOT, "THROUGHPUT %d worker(s): median %.2f episodes/min, %.1f frames/s (%d runs)%n",
                    workers, median(epm), median(fps), runs);
        }
        if (all) {
            System.out.printf(Locale.ROOT, "CLAIM median %.2f ms per claim (200 waiting entries)%n", claimLatency(dir));
        }
        Path longer = ShortEpisodes.cut(Files.createTempDirectory(dir, "long"), 1, 12, 0).get(0);
        for (boolean otherHost : new boolean[] {true, false}) {
            List<Double> ms = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                ms.add(takeover(Files.createTempDirectory(dir, "kill"), longer, otherHost));
            }
            System.out.printf(Locale.ROOT, "TAKEOVER %s: median %.0f ms from kill -9 (stallAfter 3000 ms, poll 200 ms): %s%n",
                    otherHost ? "by a worker on another host" : "by a worker on the same host", median(ms), ms);
        }
    }

    /** Episodes per minute and frames per second, from the first claim to the last finish. */
    private static double[] throughput(Path dir, List<Path> clips, int workers) throws Exception {
        try (Workers world = new Workers(dir)) {
            world.enqueue(clips);
            List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                children.add(world.start("w" + i, "fps=5", "hb=10000", "stall=30000", "idle=exit"));
            }
            for (ChildJvm c : children) {
                if (c.awaitExit(Duration.ofMinutes(10)) != 0) {
                    throw new IllegalStateException("worker failed:\n" + c.output());
                }
            }
            world.assertEachEpisodeRanOnce(clips.size(), 1);
            List<QueueEntry> entries = world.store.queue().entries();
            long first = entries.stream().mapToLong(e -> e.claimedAt().toEpochMilli()).min().orElseThrow();
            long last = entries.stream().mapToLong(e -> e.finishedAt().toEpochMilli()).max().orElseThrow();
            long frames = world.jobsByEpisode().values().stream()
                    .mapToLong(l -> l.get(0).stage(Stage.DETECT).orElseThrow().unitsTotal()).sum();
            double seconds = (last - first) / 1000.0;
            return new double[] {clips.size() * 60 / seconds, frames / seconds};
        }
    }

    private static double claimLatency(Path dir) throws Exception {
        try (Workers world = new Workers(Files.createTempDirectory(dir, "claims"))) {
            for (int i = 0; i < 200; i++) {
                world.store.queue().enqueue(new dev.facereel.core.Episode("CLAIM_" + i, dir.resolve("v.mp4")),
                        Stage.CLUSTER);
            }
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long t = System.nanoTime();
                world.store.queue().claim("bench").orElseThrow();
                ms.add((System.nanoTime() - t) / 1e6);
            }
            return median(ms);
        }
    }

    private static double takeover(Path dir, Path clip, boolean otherHost) throws Exception {
        try (Workers world = new Workers(dir)) {
            world.enqueue(List.of(clip));
            String[] common = {"fps=5", "hb=300", "stall=3000", "poll=200"};
            ChildJvm a = world.start("a", otherHost ? WorkerKilledTest.concat(common, "host=host-a") : common);
            ChildJvm.awaitTrue(Duration.ofMinutes(2), () -> Frames.detected(a) >= 10, "worker a is mid-episode");
            ChildJvm b = world.start("b", otherHost ? WorkerKilledTest.concat(common, "host=host-b", "idle=exit")
                    : WorkerKilledTest.concat(common, "idle=exit"));
            b.awaitLine("PIPELINE READY", Duration.ofMinutes(1));
            a.kill();
            long killed = System.nanoTime();
            ChildJvm.awaitTrue(Duration.ofMinutes(1), () -> world.store.queue().entries().get(0).attempt() == 2,
                    "worker b took the entry over; its output:\n" + b.output() + "\nthe queue: " + world.store.queue().entries());
            double ms = (System.nanoTime() - killed) / 1e6;
            b.awaitExit(Duration.ofMinutes(2));
            return ms;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
