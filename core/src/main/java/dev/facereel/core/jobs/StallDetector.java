package dev.facereel.core.jobs;

import dev.facereel.core.Ticker;
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
}
