package dev.facereel.core.internal.jobs;

import java.time.Duration;

/**
 * The durability timings: heartbeat interval, when a silent owner counts as dead, when a slow one as stalled. The
 * rules for them live here once: {@link #requirePositive} for each timing (shared with {@code FacePipeline.Builder}
 * and {@link DefaultStallDetector}) and the constructor for how they relate.
 */
public record JobTimings(Duration heartbeatInterval, Duration stallAfter, Duration noProgressAfter) {
    public static final JobTimings DEFAULTS =
            new JobTimings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(120));

    /**
     * @throws IllegalArgumentException naming the timing and its value when one is not positive
     * @throws IllegalStateException naming both values when {@code stallAfter} is not longer than
     *     {@code heartbeatInterval}: two settings that conflict, as a builder reports them
     */
    public JobTimings {
        requirePositive("heartbeatInterval", heartbeatInterval);
        requirePositive("stallAfter", stallAfter);
        requirePositive("noProgressAfter", noProgressAfter);
        if (stallAfter.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalStateException("stallAfter (" + stallAfter + ") must be longer than heartbeatInterval ("
                    + heartbeatInterval + ")");
        }
    }

    /** @throws IllegalArgumentException naming the timing and its value when it is null, zero or negative */
    public static Duration requirePositive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }
}
