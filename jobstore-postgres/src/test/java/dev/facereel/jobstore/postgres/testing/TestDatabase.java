package dev.facereel.jobstore.postgres.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.facereel.jobstore.postgres.internal.Backoff;
import dev.facereel.jobstore.postgres.internal.ConnectionString;
import dev.facereel.jobstore.postgres.internal.Database;
import dev.facereel.jobstore.postgres.internal.Migrations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests run against: the connection string in {@code FACEREEL_PG_URL} (or the system
 * property {@code facereel.pg.url}), as {@code .ci/postgres start} exports it. Without one the calling test is
 * skipped with a message, except under {@code CI=true}, where it fails. Each test works in a schema of its own.
 */
public final class TestDatabase {
    private TestDatabase() {
    }

    /** The server's connection string. */
    public static String url() {
        String url = System.getProperty("facereel.pg.url", System.getenv("FACEREEL_PG_URL"));
        if (url == null || url.isBlank()) {
            String message = "no PostgreSQL server for the tests: set FACEREEL_PG_URL to postgres://user:password@host:port/db "
                    + "(eval \"$(.ci/postgres start)\" starts a throwaway one)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; it is required when CI=true");
            }
            Assumptions.abort(message + "; skipping the tests that need it");
        }
        return url;
    }

    /** A new schema name, unique to the calling test. */
    public static String freshSchema() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    /** The connection string with the given schema. */
    public static String url(String schema) {
        return url() + (url().contains("?") ? "&" : "?") + "schema=" + schema;
    }

    /** A migrated schema of its own and a pool on it. */
    public static Database open(String schema) {
        Database db = Database.open(ConnectionString.parse(url()).withSchema(schema), schema, 8, Backoff.DEFAULT);
        Migrations.apply(db);
        return db;
    }

    /** Runs SQL outside any pool, e.g. to drop a test's schema. */
    public static void execute(String sql) {
        ConnectionString cs = ConnectionString.parse(url());
        try (Connection c = DriverManager.getConnection(cs.jdbcUrl(), cs.user(), cs.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql + ": " + e, e);
        }
    }

    public static void drop(String schema) {
        execute("DROP SCHEMA IF EXISTS " + ConnectionString.requireSchemaName(schema) + " CASCADE");
    }

    /**
     * Stops ({@code stop}, a fast shutdown) or starts ({@code start}) the server with the command in
     * {@code FACEREEL_PG_CTL}, as {@code .ci/postgres start} exports it. Skips (fails under CI) without one.
     */
    public static void control(String action) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(controlCommand().trim().split("\\s+")));
        cmd.add(action);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: "
                    + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Checks up front that {@link #control} can work. */
    public static String controlCommand() {
        String ctl = System.getenv("FACEREEL_PG_CTL");
        if (ctl == null || ctl.isBlank()) {
            String message = "no FACEREEL_PG_CTL to stop and start the test server with (.ci/postgres start exports it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; it is required when CI=true");
            }
            Assumptions.abort(message + "; skipping the database restart test");
        }
        return ctl;
    }

    /** Polls until the server answers again. */
    public static void awaitUp(Duration timeout) {
        ConnectionString cs = ConnectionString.parse(url());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(cs.jdbcUrl(), cs.user(), cs.password())) {
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("PostgreSQL did not come back within " + timeout + ": " + e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }
}
