package dev.facereel.jobstore.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Ticker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of connections to one schema of one PostgreSQL database, and the one way this module talks to it:
 * {@link #transaction}, which retries work that failed for a passing reason with {@link Backoff}, logging each
 * retry, and gives up with a {@link JobStoreException} once the backoff's time is spent. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /**
     * How long the server lets a session sit inside a transaction without a statement before it ends the session.
     * A host whose link is cut between a statement and its commit would otherwise hold that statement's row locks
     * until the server's TCP keepalive gives up on it (hours by default), blocking whichever host took its work
     * over. Every transaction here runs its statements back to back, so a live one is never idle this long.
     */
    static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(10);

    /** Work done inside one transaction. It may run more than once when a retry follows a lost connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Waits between retries; replaced in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final DataSource source;
    private final AutoCloseable pool;
    private final String where;
    private final String schema;
    private final Backoff backoff;
    private final Ticker ticker;
    private final Sleeper sleeper;

    Database(DataSource source, AutoCloseable pool, String where, String schema, Backoff backoff, Ticker ticker,
             Sleeper sleeper) {
        this.source = Objects.requireNonNull(source, "source");
        this.pool = pool;
        this.where = where;
        this.schema = schema;
        this.backoff = backoff;
        this.ticker = ticker;
        this.sleeper = sleeper;
    }

    /** Opens a pool of at most {@code poolSize} connections whose search path is {@code schema}. */
    public static Database open(ConnectionString url, String schema, int poolSize, Backoff backoff) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setSchema(schema);
        config.setPoolName("facereel-pg");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(3000);
        config.setValidationTimeout(1000);
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", "facereel");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // a server that stops answering (a cut link) fails the call instead of hanging it
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("options",
                "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION.toMillis());
        HikariDataSource pool = new HikariDataSource(config);
        return new Database(pool, pool, url.redacted(), schema, backoff, Ticker.system(),
                d -> Thread.sleep(Math.max(1, d.toMillis())));
    }

    /** For tests: work on a given data source with the given time. */
    public static Database on(DataSource source, String where, String schema, Backoff backoff, Ticker ticker,
                              Sleeper sleeper) {
        return new Database(source, null, where, schema, backoff, ticker, sleeper);
    }

    /** The database, for messages: {@code postgres://user@host:port/db}, never with the password. */
    public String where() {
        return where;
    }

    public String schema() {
        return schema;
    }

    /**
     * Runs {@code work} in a transaction and commits it. A transient failure (see {@link SqlFailures}) rolls back
     * and retries after the backoff's delay; any other SQL failure, or running out of time, throws.
     *
     * @param what what the work does, for the log and the error, e.g. {@code "update job x"}
     * @throws JobStoreException when the work fails for good
     */
    public <T> T transaction(String what, Work<T> work) {
        long start = ticker.nanos();
        for (int retry = 0; ; retry++) {
            try {
                T result = attempt(work);
                if (retry > 0) {
                    LOG.info("PostgreSQL at {} answers again: {} went through after {} {}", where, what, retry,
                            retry == 1 ? "retry" : "retries");
                }
                return result;
            } catch (SQLException e) {
                if (!SqlFailures.isTransient(e)) {
                    throw new JobStoreException("PostgreSQL at " + where + " could not " + what + ": " + describe(e), e);
                }
                Duration waited = Duration.ofNanos(ticker.nanos() - start);
                if (waited.compareTo(backoff.giveUpAfter()) >= 0) {
                    throw new JobStoreException("PostgreSQL at " + where + " was unreachable for " + waited.toSeconds()
                            + " s (" + (retry + 1) + " attempts) while trying to " + what + ": " + describe(e), e);
                }
                Duration delay = backoff.delay(retry + 1);
                LOG.warn("Could not {} (PostgreSQL at {}: {}); retry {} in {} ms", what, where, describe(e), retry + 1,
                        delay.toMillis());
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new JobStoreException("interrupted while waiting to retry: " + what, e);
                }
            }
        }
    }

    /** The messages of the exception and its causes, each once: a pool's timeout hides the server's reason. */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? t.toString() : t.getMessage();
            if (sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        return sb.toString();
    }

    private <T> T attempt(Work<T> work) throws SQLException {
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            try {
                pool.close();
            } catch (Exception e) {
                LOG.debug("closing the connection pool failed", e);
            }
        }
    }
}
