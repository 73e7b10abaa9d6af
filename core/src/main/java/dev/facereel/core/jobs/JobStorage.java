package dev.facereel.core.jobs;

import dev.facereel.core.cast.CastStore;
import dev.facereel.core.internal.jobs.FileJobStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Where a pipeline keeps its job state: envelopes ({@link JobStore}), active jobs ({@link RuntimeTracker}) and
 * episode leases ({@link LockManager}). The default keeps them as files under the data root ({@link #onFiles});
 * {@code facereel-jobstore-postgres} keeps them in PostgreSQL so that workers on several hosts share them. Stage
 * outputs, checkpoints and diagnostics stay on the data root whatever the storage. Pass one to
 * {@code FacePipeline.builder().jobStorage(…)}; the pipeline closes it. Implementations are thread-safe.
 */
public interface JobStorage extends AutoCloseable {
    JobStore jobs();

    RuntimeTracker runtime();

    LockManager locks();

    /** The shows' casts, kept beside the job state so that every process and host sharing it shares them. */
    CastStore casts();

    /** Releases what the storage holds open (connections). Idempotent. */
    @Override
    void close();

    /** A storage built from the four parts; {@code onClose} runs once, at the first {@link #close}. */
    static JobStorage of(JobStore jobs, RuntimeTracker runtime, LockManager locks, CastStore casts,
                         Runnable onClose) {
        return new Parts(jobs, runtime, locks, casts, onClose);
    }

    /**
     * Job state as files under {@code root} on any NIO file system: {@code jobs/<id>/meta.json},
     * {@code episodes/<key>/runtime.json} and {@code episodes/<key>/lease.json} with its OS-locked {@code .lock}, and casts as
     * {@code shows/<show>/cast.json}.
     * This is the one factory of the file-backed job store, runtime tracker and lock manager; take the part you
     * need ({@code JobStorage.onFiles(root, probe, clock).jobs()}). On the default file system an OS file lock held
     * for a job's life lets another process see at once that the owner died; elsewhere {@code probe} decides.
     * {@code clock} stamps the lease and runtime records. Closing it releases nothing.
     */
    static JobStorage onFiles(Path root, ProcessProbe probe, Clock clock) {
        return FileJobStorage.open(root, probe, clock);
    }

    /**
     * As {@link #onFiles(Path, ProcessProbe, Clock)} with this JVM's {@link ProcessProbe#local()} and the UTC
     * system clock, as {@code FacePipeline} uses by default: for tools that read or change the job state of a data
     * root from outside a pipeline.
     */
    static JobStorage onFiles(Path root) {
        return onFiles(root, ProcessProbe.local(), Clock.systemUTC());
    }
}

/** The {@link JobStorage} of {@link JobStorage#of}. */
final class Parts implements JobStorage {
    private final JobStore jobs;
    private final RuntimeTracker runtime;
    private final LockManager locks;
    private final CastStore casts;
    private Runnable onClose;

    Parts(JobStore jobs, RuntimeTracker runtime, LockManager locks, CastStore casts, Runnable onClose) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.casts = Objects.requireNonNull(casts, "casts");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
    }

    @Override
    public JobStore jobs() {
        return jobs;
    }

    @Override
    public RuntimeTracker runtime() {
        return runtime;
    }

    @Override
    public LockManager locks() {
        return locks;
    }

    @Override
    public CastStore casts() {
        return casts;
    }

    @Override
    public void close() {
        Runnable run;
        synchronized (this) {
            run = onClose;
            onClose = null;
        }
        if (run != null) {
            run.run();
        }
    }
}
