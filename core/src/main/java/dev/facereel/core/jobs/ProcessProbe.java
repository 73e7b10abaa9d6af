package dev.facereel.core.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * Identifies this process and tells whether another process on this host still lives. Replaced in unit tests,
 * where one JVM plays several processes.
 */
public interface ProcessProbe {
    long pid();

    /** This process's start time, when the OS reports it. */
    Optional<Instant> startTime();

    String host();

    /**
     * Whether the process with this pid and start time still runs on this host. A pid that now belongs to a
     * process with another start time counts as gone.
     */
    boolean isAlive(long pid, Instant startTime);

    /** Asks the process to stop ({@code force=false}: SIGTERM), or kills it ({@code force=true}: SIGKILL). */
    boolean terminate(long pid, boolean force);

    /** The real process table of this host. */
    static ProcessProbe local() {
        return LocalProcessProbe.INSTANCE;
    }
}

/** The stateless default {@link ProcessProbe}, backed by {@link ProcessHandle}. */
final class LocalProcessProbe implements ProcessProbe {
    static final LocalProcessProbe INSTANCE = new LocalProcessProbe();
    private final String host = resolveHost();

    private LocalProcessProbe() {
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public Optional<Instant> startTime() {
        return ProcessHandle.current().info().startInstant();
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public boolean isAlive(long pid, Instant startTime) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (startTime == null) {
            return true;
        }
        Optional<Instant> actual = handle.get().info().startInstant();
        // start times are reported with coarse resolution; allow a second of slack
        return actual.isEmpty() || Math.abs(actual.get().toEpochMilli() - startTime.toEpochMilli()) < 1000;
    }

    @Override
    public boolean terminate(long pid, boolean force) {
        return ProcessHandle.of(pid).map(h -> force ? h.destroyForcibly() : h.destroy()).orElse(false);
    }

    private static String resolveHost() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
