package dev.facereel.jobstore.postgres.testing;

import dev.facereel.jobstore.postgres.internal.Database;

/** A schema of one test's own, migrated when first used and dropped on {@link #close}. */
public final class FreshSchema implements AutoCloseable {
    private final String name = TestDatabase.freshSchema();
    private Database db;

    public String name() {
        return name;
    }

    /** A pool on the schema, migrated on first use. */
    public synchronized Database db() {
        if (db == null) {
            db = TestDatabase.open(name);
        }
        return db;
    }

    /** The server's connection string pointing at this schema. */
    public String url() {
        return TestDatabase.url(name);
    }

    @Override
    public synchronized void close() {
        if (db != null) {
            db.close();
            db = null;
        }
        TestDatabase.drop(name);
    }
}
