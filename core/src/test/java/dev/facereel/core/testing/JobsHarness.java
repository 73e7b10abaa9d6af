package dev.facereel.core.testing;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.core.internal.jobs.JobCoordinator;
import dev.facereel.core.internal.jobs.JobTimings;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.jobs.ProcessProbe;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A data root on a fresh in-memory file system with fake time, a fake process table and a manual heartbeat timer.
 * {@link #process(long)} gives the coordinator that process would use, so one test can play several processes.
 */
public final class JobsHarness implements AutoCloseable {
    public static final JobTimings TIMINGS =
            new JobTimings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(120));

    public final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    public final Path root = fs.getPath("/data");
    public final FakeTime time = new FakeTime();
    public final FakeProcesses processes = new FakeProcesses();
    public final ManualTimer timer = new ManualTimer();

    public JobCoordinator process(long pid) {
        return process(pid, UnaryOperator.identity());
    }

    /** As {@link #process(long)}, with the process's lock manager wrapped, e.g. to interleave another process. */
    public JobCoordinator process(long pid, UnaryOperator<LockManager> wrapLocks) {
        ProcessProbe probe = processes.process(pid);
        JobStorage files = JobStorage.onFiles(root, probe, time);
        return new JobCoordinator(files.jobs(), files.runtime(), wrapLocks.apply(files.locks()), probe, time, time,
                TIMINGS, timer, new Random(pid));
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
