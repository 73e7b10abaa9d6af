package dev.facereel.jobstore.postgres.internal;

import java.time.Duration;

/**
 * How long to wait before each retry of a database call that failed for a passing reason (the server restarting,
 * the network dropping): {@code first}, doubling up to {@code max}; and when to give up.
 */
public record Backoff(Duration first, Duration max, Duration giveUpAfter) {
    /** 100 ms doubling to 5 s; give up after 2 minutes. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(2));

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max and giveUpAfter >= 0, got " + first + ", "
                    + max + ", " + giveUpAfter);
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries are numbered from 1, got " + retry);
        }
        int doublings = Math.min(retry - 1, 30);
        Duration d = first.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 ? max : d;
    }
}
