package dev.facereel.core.internal.jobs;

import dev.facereel.core.internal.cast.FileCastStore;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.ProcessProbe;
import java.nio.file.Path;
import java.time.Clock;

/** Builds the file-backed {@link JobStorage} that {@link JobStorage#onFiles} hands out. */
public final class FileJobStorage {
    private FileJobStorage() {
    }

    /** The job store, runtime tracker, lock manager and cast store on files under {@code root}; closing it releases nothing. */
    public static JobStorage open(Path root, ProcessProbe probe, Clock clock) {
        return JobStorage.of(new FileJobStore(root), new FileRuntimeTracker(root, clock),
                new FileLockManager(root, probe, clock), new FileCastStore(root), () -> { });
    }
}
