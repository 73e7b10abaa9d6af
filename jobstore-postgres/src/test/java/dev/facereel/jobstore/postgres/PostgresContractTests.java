package dev.facereel.jobstore.postgres;

import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.jobs.JobStoreContractTest;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.jobs.LockManagerContractTest;
import dev.facereel.core.jobs.RuntimeTracker;
import dev.facereel.core.jobs.RuntimeTrackerContractTest;
import dev.facereel.core.testing.FakeProcesses;
import dev.facereel.jobstore.postgres.internal.PgJobStore;
import dev.facereel.jobstore.postgres.internal.PgLockManager;
import dev.facereel.jobstore.postgres.internal.PgRuntimeTracker;
import dev.facereel.jobstore.postgres.testing.FreshSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * Runs the same durability contracts as the file store against PostgreSQL, each test in a freshly migrated schema
 * of its own (dropped afterwards).
 */
class PostgresContractTests {
    @Nested
    class JobStoreOnPostgres extends JobStoreContractTest {
        private final FreshSchema schema = new FreshSchema();

        @Override
        protected JobStore createStore() {
            return new PgJobStore(schema.db());
        }

        @AfterEach
        void drop() {
            schema.close();
        }
    }

    @Nested
    class RuntimeTrackerOnPostgres extends RuntimeTrackerContractTest {
        private final FreshSchema schema = new FreshSchema();

        @Override
        protected RuntimeTracker createTracker() {
            return new PgRuntimeTracker(schema.db());
        }

        @AfterEach
        void drop() {
            schema.close();
        }
    }

    @Nested
    class LockManagerOnPostgres extends LockManagerContractTest {
        private final FreshSchema schema = new FreshSchema();
        private final FakeProcesses processes = new FakeProcesses();

        @Override
        protected LockManager createLockManager(long pid) {
            return new PgLockManager(schema.db(), processes.process(pid));
        }

        @AfterEach
        void drop() {
            schema.close();
        }
    }
}
