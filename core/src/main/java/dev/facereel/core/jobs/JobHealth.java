package dev.facereel.core.jobs;

import java.time.Duration;
import java.util.Objects;

/** A {@link StallDetector}'s judgement of one job: its liveness, how old its last heartbeat is, and why. */
public record JobHealth(Liveness liveness, Duration heartbeatAge, String reason) {
    public JobHealth {
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(heartbeatAge, "heartbeatAge");
        Objects.requireNonNull(reason, "reason");
    }

    public double heartbeatAgeSeconds() {
        return heartbeatAge.toMillis() / 1000.0;
    }
}
