package dev.facereel.core.jobs;

import dev.facereel.core.JobId;
import java.time.Instant;
import java.util.Objects;

/**
 * Who holds an episode's lease: the job, the process (pid, host, process start time) and the lease epoch,
 * which grows by one at every takeover. {@code processStart} may be null where the OS does not report it.
 */
public record LockOwner(JobId jobId, long pid, String host, Instant processStart, long epoch, Instant startedAt) {
    public LockOwner {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(startedAt, "startedAt");
        if (epoch < 1) {
            throw new IllegalArgumentException("lease epoch must be >= 1, got " + epoch);
        }
    }

    /** E.g. {@code pid 4242 on host-a}. */
    public String describe() {
        return "pid " + pid + " on " + host;
    }
}
