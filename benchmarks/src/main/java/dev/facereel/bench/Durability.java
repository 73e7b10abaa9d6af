package dev.facereel.bench;

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
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.jobs.Liveness;
import dev.facereel.core.process.ChildJvm;
import dev.facereel.core.process.RealJobs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the durability layer costs on its own: one fenced heartbeat write ({@link JobRun#heartbeat()}: lease check
 * plus an atomic, fsynced envelope replace) on the real file system and on Jimfs, and how long after
 * {@code kill -9} of an owner JVM another process reads its job as dead.
 */
final class Durability {
    private static final int WRITES = 500;
    private static final HeartbeatTimer NO_TIMER = (interval, task) -> () -> { };

    private Durability() {
    }

    /** The mean microseconds of one heartbeat write in each of {@code runs} runs of {@value #WRITES} writes. */
    static double[] heartbeatMicros(Path root, int runs) {
        JobCoordinator c = RealJobs.coordinator(root, NO_TIMER);
        JobRun run = c.start(EpisodeKey.of("bench_heartbeat"), Stage.DETECT, List.of(Stage.DETECT), Map.of(), e -> { });
        run.stageStarted(Stage.DETECT, 1_000_000);
        for (int i = 0; i < WRITES; i++) {
            run.heartbeat();
        }
        double[] perRun = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < WRITES; i++) {
                run.heartbeat();
            }
            perRun[r] = (System.nanoTime() - t0) / 1000.0 / WRITES;
        }
        long seq = run.envelope().heartbeatSeq();
        if (seq != (long) (runs + 1) * WRITES) {
            throw new IllegalStateException("expected " + (runs + 1) * WRITES + " heartbeats, the envelope says " + seq);
        }
        run.finish(JobStatus.CANCELED, "benchmark done");
        return perRun;
    }

    /** The same on a fresh in-memory file system. */
    static double[] heartbeatMicrosInMemory(int runs) throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            return heartbeatMicros(fs.getPath("/data"), runs);
        }
    }

    /** Milliseconds from SIGKILL of an owner JVM until this process's coordinator reads its job as DEAD. */
    static double[] killToDeadMillis(Path base, int runs) throws Exception {
        double[] ms = new double[runs];
        try (ScheduledHeartbeatTimer timer = new ScheduledHeartbeatTimer()) {
            for (int k = 0; k < runs; k++) {
                Path root = base.resolve("run-" + k);
                JobCoordinator observer = RealJobs.coordinator(root, timer);
                JobStore store = JobStorage.onFiles(root).jobs();
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
}
