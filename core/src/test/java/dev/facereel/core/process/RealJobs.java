package dev.facereel.core.process;

import dev.facereel.core.Ticker;
import dev.facereel.core.internal.jobs.HeartbeatTimer;
import dev.facereel.core.internal.jobs.JobCoordinator;
import dev.facereel.core.internal.jobs.JobTimings;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.jobs.ProcessProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Wires a {@link JobCoordinator} the way a real process does: real clock, real ticker, the real process table
 * and OS file locks, but with short timings so the tests and the benchmark stay fast.
 */
public final class RealJobs {
    /** Heartbeat every 200 ms, dead after 1.5 s of silence, stalled after 10 s without progress. */
    public static final JobTimings TIMINGS =
            new JobTimings(Duration.ofMillis(200), Duration.ofMillis(1500), Duration.ofSeconds(10));
    /** The same, but a silent owner counts as dead only after a minute: takeovers must come from the OS lock. */
    public static final JobTimings SLOW_STALL =
            new JobTimings(Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofSeconds(120));
    /** The system property a child reads to pick {@link #SLOW_STALL}. */
    public static final String SLOW_STALL_PROPERTY = "facereel.test.slowStall";

    private RealJobs() {
    }

    public static JobCoordinator coordinator(Path root, HeartbeatTimer timer) {
        return coordinator(root, timer, UnaryOperator.identity());
    }

    public static JobCoordinator coordinator(Path root, HeartbeatTimer timer, JobTimings timings) {
        return coordinator(root, timer, timings, UnaryOperator.identity());
    }

    /** As {@link #coordinator(Path, HeartbeatTimer)}, with the job store wrapped, e.g. to pause inside a write. */
    public static JobCoordinator coordinator(Path root, HeartbeatTimer timer, UnaryOperator<JobStore> wrapStore) {
        return coordinator(root, timer, Boolean.getBoolean(SLOW_STALL_PROPERTY) ? SLOW_STALL : TIMINGS, wrapStore);
    }

    private static JobCoordinator coordinator(Path root, HeartbeatTimer timer, JobTimings timings,
                                              UnaryOperator<JobStore> wrapStore) {
        Clock clock = Clock.systemUTC();
        Ticker ticker = Ticker.system();
        ProcessProbe probe = ProcessProbe.local();
        JobStorage files = JobStorage.onFiles(root, probe, clock);
        return new JobCoordinator(wrapStore.apply(files.jobs()), files.runtime(), files.locks(), probe, clock, ticker,
                timings, timer, new Random());
    }
}
