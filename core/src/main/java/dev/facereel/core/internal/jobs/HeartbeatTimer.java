package dev.facereel.core.internal.jobs;

import java.time.Duration;

/** Runs a task repeatedly in the background. Replaced in tests by one that fires on demand. */
public interface HeartbeatTimer {
    /** Runs {@code task} every {@code interval} until the returned handle is closed. */
    AutoCloseable every(Duration interval, Runnable task);
}
