package dev.facereel.jobstore.postgres;

import dev.facereel.core.cast.CastStore;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.jobs.ProcessProbe;
import dev.facereel.core.jobs.RuntimeTracker;
import dev.facereel.jobstore.postgres.internal.Backoff;
import dev.facereel.jobstore.postgres.internal.ConnectionString;
import dev.facereel.jobstore.postgres.internal.Database;
import dev.facereel.jobstore.postgres.internal.Migrations;
import dev.facereel.jobstore.postgres.internal.PgCastStore;
import dev.facereel.jobstore.postgres.internal.PgJobStore;
import dev.facereel.jobstore.postgres.internal.PgLockManager;
import dev.facereel.jobstore.postgres.internal.PgRuntimeTracker;
import java.time.Duration;
import java.util.Objects;

/**
 * FaceReel's job state in PostgreSQL: envelopes, active jobs, episode leases and the {@link EpisodeQueue}, shared
 * by workers on any number of hosts. Give it to a pipeline with
 * {@code FacePipeline.builder().jobStorage(PostgresJobStorage.connect("postgres://…"))}; the data root (stage
 * outputs and checkpoints) must then be one folder that every worker reaches, at the same path or through its own
 * {@code dataRoot}.
 *
 * <p>Connecting creates the schema (default {@code facereel}) and applies the module's versioned migrations, once,
 * however many workers start together. Leases keep their heartbeat on the database's clock, so the hosts' clocks
 * need not agree; every write of a worker is fenced by its lease epoch. A call that fails because the server
 * restarts or the connection drops is retried with a growing delay (100 ms doubling to 5 s) for up to two minutes
 * by default, each retry logged; then it fails with {@link dev.facereel.core.JobStoreException}.
 *
 * <p>Connection strings: {@code postgres://user[:password]@host[:port]/database[?schema=name&…]}; other
 * parameters go to the PostgreSQL JDBC driver (e.g. {@code sslmode=require}). Thread-safe.
 */
public final class PostgresJobStorage implements JobStorage {
    private final Database db;
    private final JobStore jobs;
    private final RuntimeTracker runtime;
    private final LockManager locks;
    private final EpisodeQueue queue;
    private final CastStore casts;

    PostgresJobStorage(Database db, ProcessProbe probe) {
        this.db = db;
        this.jobs = new PgJobStore(db);
        this.runtime = new PgRuntimeTracker(db);
        this.locks = new PgLockManager(db, probe);
        this.queue = new EpisodeQueue(db);
        this.casts = new PgCastStore(db);
    }

    /**
     * Connects with the defaults and brings the schema up to date.
     *
     * @throws IllegalArgumentException when the connection string is malformed (the message hides the password)
     * @throws dev.facereel.core.JobStoreException when the database refuses the connection or stays unreachable
     */
    public static PostgresJobStorage connect(String url) {
        return builder(url).build();
    }

    /** Starts configuring a storage for the connection string. */
    public static Builder builder(String url) {
        return new Builder(url);
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

    /** The shows' casts, in the {@code casts} table. */
    @Override
    public CastStore casts() {
        return casts;
    }

    /** The queue of episodes in the same database and schema. */
    public EpisodeQueue queue() {
        return queue;
    }

    /** Closes the connection pool. Idempotent. */
    @Override
    public void close() {
        db.close();
    }

    /** {@code postgres://user@host:port/database}, without the password. */
    @Override
    public String toString() {
        return db.where();
    }

    /** Configures a {@link PostgresJobStorage}. Not thread-safe. */
    public static final class Builder {
        private final ConnectionString url;
        private String schema;
        private String password;
        private ProcessProbe probe = ProcessProbe.local();
        private int poolSize = 4;
        private Duration retryFor = Backoff.DEFAULT.giveUpAfter();

        private Builder(String url) {
            this.url = ConnectionString.parse(Objects.requireNonNull(url, "url"));
        }

        /** The schema for FaceReel's tables, instead of the connection string's or the default {@code facereel}. */
        public Builder schema(String name) {
            this.schema = ConnectionString.requireSchemaName(Objects.requireNonNull(name, "schema"));
            return this;
        }

        /** The password, when the connection string has none (e.g. from {@code PGPASSWORD}). */
        public Builder password(String secret) {
            this.password = Objects.requireNonNull(secret, "password");
            return this;
        }

        /** How this process names itself in leases (pid, host, start time); default the real process. */
        public Builder probe(ProcessProbe p) {
            this.probe = Objects.requireNonNull(p, "probe");
            return this;
        }

        /** Connections kept open at most (default 4). */
        public Builder poolSize(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("poolSize must be at least 1, got " + connections);
            }
            this.poolSize = connections;
            return this;
        }

        /** How long a call keeps retrying while the database is unreachable (default 2 minutes). */
        public Builder retryFor(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("retryFor must be zero or positive, got " + d);
            }
            this.retryFor = d;
            return this;
        }

        /**
         * Opens the pool and brings the schema up to date.
         *
         * @throws dev.facereel.core.JobStoreException when the database refuses the connection or stays unreachable
         */
        public PostgresJobStorage build() {
            ConnectionString target = schema == null ? url : url.withSchema(schema);
            if (password != null && target.password() == null) {
                target = target.withPassword(password);
            }
            Database db = Database.open(target, target.schema(), poolSize,
                    new Backoff(Backoff.DEFAULT.first(), Backoff.DEFAULT.max(), retryFor));
            try {
                Migrations.apply(db);
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            return new PostgresJobStorage(db, probe);
        }
    }
}
