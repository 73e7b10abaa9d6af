package dev.facereel.core.internal.jobs;

import java.time.Duration;

/** The durability timings: heartbeat interval, when a silent owner counts as dead, when a slow one as stalled. */
public record JobTimings(Duration heartbeatInterval, Duration stallAfter, Duration noProgressAfter) {
    public static final JobTimings DEFAULTS =
            new JobTimings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(120));

    public JobTimings {
        requirePositive("heartbeatInterval", heartbeatInterval);
        requirePositive("stallAfter", stallAfter);
        requirePositive("noProgressAfter", noProgressAfter);
        if (stallAfter.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("stallAfter (" + stallAfter + ") must be longer than heartbeatInterval ("
                    + heartbeatInterval + ")");
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
