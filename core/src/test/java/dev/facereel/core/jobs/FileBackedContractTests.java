package dev.facereel.core.jobs;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.core.testing.FakeProcesses;
import dev.facereel.core.testing.FakeTime;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** Runs every durability contract against the file-backed implementations, on Jimfs and on the real disk. */
class FileBackedContractTests {
    private final FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix());
    private final FakeProcesses processes = new FakeProcesses();
    private final Clock clock = new FakeTime();

    @TempDir
    Path disk;

    @AfterEach
    void close() throws Exception {
        jimfs.close();
    }

    @Nested
    class JobStoreOnJimfs extends JobStoreContractTest {
        @Override
        protected JobStore createStore() {
            return JobStorage.onFiles(jimfs.getPath("/data")).jobs();
        }
    }

    @Nested
    class JobStoreOnDisk extends JobStoreContractTest {
        @Override
        protected JobStore createStore() {
            return JobStorage.onFiles(disk).jobs();
        }
    }

    @Nested
    class RuntimeTrackerOnJimfs extends RuntimeTrackerContractTest {
        @Override
        protected RuntimeTracker createTracker() {
            return JobStorage.onFiles(jimfs.getPath("/data"), processes.process(1), clock).runtime();
        }
    }

    @Nested
    class RuntimeTrackerOnDisk extends RuntimeTrackerContractTest {
        @Override
        protected RuntimeTracker createTracker() {
            return JobStorage.onFiles(disk, processes.process(1), clock).runtime();
        }
    }

    @Nested
    class LockManagerOnJimfs extends LockManagerContractTest {
        @Override
        protected LockManager createLockManager(long pid) {
            return JobStorage.onFiles(jimfs.getPath("/data"), processes.process(pid), clock).locks();
        }
    }

    @Nested
    class LockManagerOnDisk extends LockManagerContractTest {
        @Override
        protected LockManager createLockManager(long pid) {
            return JobStorage.onFiles(disk, processes.process(pid), clock).locks();
        }
    }
}
