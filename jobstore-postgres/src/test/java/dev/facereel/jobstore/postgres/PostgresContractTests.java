package dev.facereel.jobstore.postgres;

import dev.facereel.core.cast.CastStore;
import dev.facereel.core.cast.CastStoreContractTest;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.jobs.JobStoreContractTest;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.jobs.LockManagerContractTest;
import dev.facereel.core.jobs.RuntimeTracker;
import dev.facereel.core.jobs.RuntimeTrackerContractTest;
import dev.facereel.core.testing.FakeProcesses;
import dev.facereel.jobstore.postgres.internal.PgCastStore;
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

    @Nested
    class CastStoreOnPostgres extends CastStoreContractTest {
        private final FreshSchema schema = new FreshSchema();

        @Override
        protected CastStore createStore() {
            return new PgCastStore(schema.db());
        }

        @Override
        protected void corrupt(String show, String text) {
            schema.db().transaction("damage a cast", c -> {
                try (var st = c.prepareStatement("UPDATE casts SET document = ? WHERE show = ?")) {
                    st.setString(1, text);
                    st.setString(2, show);
                    return st.executeUpdate();
                }
            });
        }

        @Override
        protected String stored(String show) {
            return schema.db().transaction("read a cast row", c -> {
                try (var st = c.prepareStatement("SELECT document FROM casts WHERE show = ?")) {
                    st.setString(1, show);
                    try (var rs = st.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            });
        }

        @Override
        protected String corruptLocation(String show) {
            return "the cast row of show '" + show + "'";
        }

        @AfterEach
        void drop() {
            schema.close();
        }
    }
}
