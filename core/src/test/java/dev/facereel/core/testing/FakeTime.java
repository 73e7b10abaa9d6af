package dev.facereel.core.testing;

import dev.facereel.core.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A wall clock and a monotonic ticker that move together, only when a test says so. */
public final class FakeTime extends Clock implements Ticker {
    private Instant now;
    private long nanos;

    public FakeTime(Instant start) {
        this.now = start;
        this.nanos = 1_000_000_000L;
    }

    public FakeTime() {
        this(Instant.parse("2026-11-22T10:15:00Z"));
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
        nanos += d.toNanos();
    }

    /** Moves only the wall clock, as an NTP step would. */
    public synchronized void stepWallClock(Duration d) {
        now = now.plus(d);
    }

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
