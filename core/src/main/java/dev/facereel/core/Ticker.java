package dev.facereel.core;

/**
 * A monotonic time source in nanoseconds, for elapsed time (intervals, stalls). Wall time, which is persisted,
 * comes from a {@link java.time.Clock} instead. Replace it in tests to advance time without sleeping.
 */
@FunctionalInterface
public interface Ticker {
    long nanos();

    /** The JVM's monotonic clock. */
    static Ticker system() {
        return System::nanoTime;
    }
}
