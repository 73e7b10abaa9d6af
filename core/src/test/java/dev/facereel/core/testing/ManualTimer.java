package dev.facereel.core.testing;

import dev.facereel.core.internal.jobs.HeartbeatTimer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link HeartbeatTimer} whose tasks run only when a test calls {@link #fire()}. */
public final class ManualTimer implements HeartbeatTimer {
    private final List<Runnable> tasks = new CopyOnWriteArrayList<>();

    @Override
    public AutoCloseable every(Duration interval, Runnable task) {
        tasks.add(task);
        return () -> tasks.remove(task);
    }

    public void fire() {
        tasks.forEach(Runnable::run);
    }

    public int scheduled() {
        return tasks.size();
    }
}
