package dev.facereel.core.jobs;

import dev.facereel.core.Ticker;
import dev.facereel.core.internal.jobs.DefaultStallDetector;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Judges whether a job's owner is alive, stalled or dead, from its envelope and lease. Wall time comes from a
 * {@link Clock}; time since this detector last saw a heartbeat move comes from a {@link Ticker}.
 * Implementations are thread-safe.
 */
public interface StallDetector {
    /**
     * Judges a job from its envelope and the episode's lease holder. {@code silence} is how long the holder has
     * been silent on the lock manager's own clock ({@link LockManager#silence}); when present it replaces the
     * envelope's wall-clock timestamps, so clocks that differ between hosts do not matter.
     */
    JobHealth assess(JobEnvelope job, Optional<LockOwner> owner, Optional<Duration> silence);

    /**
     * Whether the holder of an episode's lease may be replaced: its process is gone (same host only), or its last
     * sign of life ({@code silence} when the lock manager measures it; else the job's heartbeat, or the lease's
     * start when the job has no envelope yet) is older than {@code stallAfter}.
     */
    boolean isDead(LockOwner owner, Optional<JobEnvelope> job, Optional<Duration> silence);

    /**
     * The standard detector: dead when the owner process is gone (same host) or the last heartbeat is older
     * than {@code stallAfter}; stalled when heartbeats arrive but progress has not moved for
     * {@code noProgressAfter}.
     */
    static StallDetector create(Clock clock, Ticker ticker, ProcessProbe probe, Duration stallAfter,
                                Duration noProgressAfter) {
        return new DefaultStallDetector(clock, ticker, probe, stallAfter, noProgressAfter);
    }
}
