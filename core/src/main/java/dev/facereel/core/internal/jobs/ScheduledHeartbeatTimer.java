package dev.facereel.core.internal.jobs;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A {@link HeartbeatTimer} on one daemon thread. */
public final class ScheduledHeartbeatTimer implements HeartbeatTimer, AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "facereel-heartbeat");
        t.setDaemon(true);
        return t;
    });

    @Override
    public AutoCloseable every(Duration interval, Runnable task) {
        long nanos = Math.max(1, interval.toNanos());
        ScheduledFuture<?> future = executor.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
