package dev.facereel.core.bench;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.jobs.HeartbeatTimer;
import dev.facereel.core.internal.jobs.JobCoordinator;
import dev.facereel.core.internal.jobs.JobRun;
import dev.facereel.core.internal.jobs.ScheduledHeartbeatTimer;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.jobs.Liveness;
import dev.facereel.core.process.ChildJvm;
import dev.facereel.core.process.RealJobs;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Measures what durability costs: one fenced heartbeat write ({@link JobRun#heartbeat()}: lease check plus an
 * atomic, fsynced envelope replace) on the real file system and on Jimfs, and how long after {@code kill -9}
 * of an owner JVM another process sees its job as dead. Not a test; run it by hand and read the table it prints:
 * <pre>
 * mvn -B -o -q -pl core test-compile exec:java -Dexec.mainClass=dev.facereel.core.bench.DurabilityBench \
 *     -Dexec.classpathScope=test
 * </pre>
 */
public final class DurabilityBench {
    private static final int RUNS = 5;
    private static final int WRITES = 500;
    private static final int KILLS = 7;
    private static final HeartbeatTimer NO_TIMER = (interval, task) -> () -> { };

    private DurabilityBench() {
    }

    public static void main(String[] args) throws Exception {
        useTestClassPathForChildren();
        Path base = Files.createTempDirectory("facereel-bench");
        List<String[]> rows = new ArrayList<>();

        double[] real = heartbeats(base.resolve("heartbeat"));
        rows.add(row("heartbeat write, real FS (" + Files.getFileStore(base).type() + ", " + base + ")", real, "us"));
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            rows.add(row("heartbeat write, Jimfs", heartbeats(fs.getPath("/data")), "us"));
        }
        rows.add(row("kill -9 of owner JVM -> health() DEAD", killToDead(base.resolve("kill")), "ms"));

        System.out.printf(Locale.ROOT, "%n%-70s %9s %9s %9s %9s%n", "measure", "median", "min", "max", "unit");
        for (String[] r : rows) {
            System.out.printf(Locale.ROOT, "%-70s %9s %9s %9s %9s%n", (Object[]) r);
        }
        System.out.printf(Locale.ROOT, "(heartbeats: median of %d runs x %d writes, per-run mean per write; kills: %d runs)%n",
                RUNS, WRITES, KILLS);
    }

    /** The mean cost of one heartbeat write in each of {@link #RUNS} runs, in microseconds. */
    private static double[] heartbeats(Path root) {
        JobCoordinator c = RealJobs.coordinator(root, NO_TIMER);
        JobRun run = c.start(EpisodeKey.of("bench_heartbeat"), Stage.DETECT, List.of(Stage.DETECT), Map.of(), e -> { });
        run.stageStarted(Stage.DETECT, 1_000_000);
        for (int i = 0; i < WRITES; i++) {
            run.heartbeat();
        }
        double[] perRun = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < WRITES; i++) {
                run.heartbeat();
            }
            perRun[r] = (System.nanoTime() - t0) / 1000.0 / WRITES;
        }
        long seq = run.envelope().heartbeatSeq();
        if (seq != (long) (RUNS + 1) * WRITES) {
            throw new IllegalStateException("expected " + (RUNS + 1) * WRITES + " heartbeats, the envelope says " + seq);
        }
        run.finish(JobStatus.CANCELED, "benchmark done");
        return perRun;
    }

    /** Milliseconds from SIGKILL of an owner JVM until this process's coordinator reads its job as DEAD. */
    private static double[] killToDead(Path base) throws Exception {
        double[] ms = new double[KILLS];
        try (ScheduledHeartbeatTimer timer = new ScheduledHeartbeatTimer()) {
            for (int k = 0; k < KILLS; k++) {
                Path root = base.resolve("run-" + k);
                JobCoordinator observer = RealJobs.coordinator(root, timer);
                JobStore store = JobStore.onFiles(root);
                try (ChildJvm owner = ChildJvm.start("work", root.toString(), "bench_kill", "1000000", "5000")) {
                    JobId id = JobId.of(owner.awaitLine("STARTED", Duration.ofSeconds(60)).split(" ")[0]);
                    ChildJvm.awaitTrue(Duration.ofSeconds(20), () -> store.find(id).orElseThrow().heartbeatSeq() >= 1,
                            "the owner has written a heartbeat");
                    JobEnvelope env = store.find(id).orElseThrow();
                    long t0 = System.nanoTime();
                    owner.process().destroyForcibly();
                    while (observer.health(env).liveness() != Liveness.DEAD) {
                        Thread.onSpinWait();
                    }
                    ms[k] = (System.nanoTime() - t0) / 1e6;
                    String reason = observer.health(env).reason();
                    if (!reason.startsWith("owner process is gone")) {
                        throw new IllegalStateException("dead for another reason: " + reason);
                    }
                }
            }
        }
        return ms;
    }

    private static String[] row(String name, double[] values, String unit) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return new String[] {name, fmt(median), fmt(sorted[0]), fmt(sorted[sorted.length - 1]), unit};
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Under {@code exec:java} this JVM's class path is Maven's; the children need the test class path. */
    private static void useTestClassPathForChildren() {
        if (System.getProperty(ChildJvm.CLASS_PATH_PROPERTY) != null) {
            return;
        }
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader
                && !System.getProperty("java.class.path").contains("test-classes")) {
            System.setProperty(ChildJvm.CLASS_PATH_PROPERTY, Arrays.stream(loader.getURLs()).map(DurabilityBench::file)
                    .collect(Collectors.joining(File.pathSeparator)));
        }
    }

    private static String file(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(url.toString(), e);
        }
    }
}
