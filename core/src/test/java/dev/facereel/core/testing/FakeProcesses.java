package dev.facereel.core.testing;

import dev.facereel.core.jobs.ProcessProbe;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A process table for tests in which one JVM plays several processes. {@link #process(long)} gives the probe
 * of one of them; {@link #kill(long)} makes every probe report it gone.
 */
public final class FakeProcesses {
    public static final String HOST = "test-host";
    private final Set<Long> alive = ConcurrentHashMap.newKeySet();
    private final Set<Long> terminated = ConcurrentHashMap.newKeySet();

    public ProcessProbe process(long pid) {
        alive.add(pid);
        return new ProcessProbe() {
            @Override
            public long pid() {
                return pid;
            }

            @Override
            public Optional<Instant> startTime() {
                return Optional.of(Instant.ofEpochSecond(1_000_000L + pid));
            }

            @Override
            public String host() {
                return HOST;
            }

            @Override
            public boolean isAlive(long other, Instant startTime) {
                return alive.contains(other) && (startTime == null || startTime.equals(Instant.ofEpochSecond(1_000_000L + other)));
            }

            @Override
            public boolean terminate(long other, boolean force) {
                terminated.add(other);
                return alive.remove(other);
            }
        };
    }

    public void kill(long pid) {
        alive.remove(pid);
    }

    public boolean wasTerminated(long pid) {
        return terminated.contains(pid);
    }
}
