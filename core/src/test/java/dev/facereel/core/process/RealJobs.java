package dev.facereel.core.process;

import dev.facereel.core.Ticker;
import dev.facereel.core.internal.jobs.HeartbeatTimer;
import dev.facereel.core.internal.jobs.JobCoordinator;
import dev.facereel.core.internal.jobs.JobTimings;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.jobs.ProcessProbe;
import dev.facereel.core.jobs.RuntimeTracker;
import dev.facereel.core.jobs.StallDetector;
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

    private RealJobs() {
    }

    public static JobCoordinator coordinator(Path root, HeartbeatTimer timer) {
        return coordinator(root, timer, UnaryOperator.identity());
    }

    /** As {@link #coordinator(Path, HeartbeatTimer)}, with the job store wrapped, e.g. to pause inside a write. */
    public static JobCoordinator coordinator(Path root, HeartbeatTimer timer, UnaryOperator<JobStore> wrapStore) {
        Clock clock = Clock.systemUTC();
        Ticker ticker = Ticker.system();
        ProcessProbe probe = ProcessProbe.local();
        return new JobCoordinator(wrapStore.apply(JobStore.onFiles(root)), RuntimeTracker.onFiles(root, clock),
                LockManager.onFiles(root, probe, clock),
                StallDetector.create(clock, ticker, probe, TIMINGS.stallAfter(), TIMINGS.noProgressAfter()),
                probe, clock, ticker, TIMINGS, timer, new Random());
    }
}
