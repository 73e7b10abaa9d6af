package dev.facereel.jobstore.postgres.internal;

import dev.facereel.core.JobStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a schema up to date with the versioned scripts under {@code dev/facereel/jobstore/postgres/db/migration/}
 * ({@code V<n>__<name>.sql}), recording each in the schema's {@code schema_version} table. The whole migration is
 * one transaction holding an advisory lock on the schema's name, so workers that start together migrate once and
 * the others see the result.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final String FOLDER = "/dev/facereel/jobstore/postgres/db/migration/";
    /** Every script, in order. A new version adds a file here; a released file never changes. */
    static final List<String> SCRIPTS = List.of("V1__jobs.sql", "V2__casts.sql");
    private static final Pattern NAME = Pattern.compile("V([0-9]+)__([a-z0-9_]+)\\.sql");
    /** First key of the advisory lock: "FRMG". */
    private static final int LOCK_CLASS = 0x46524D47;

    private Migrations() {
    }

    /** The version this code brings a schema to. */
    public static int latest() {
        return version(SCRIPTS.get(SCRIPTS.size() - 1));
    }

    /**
     * Creates the schema if needed and applies the scripts it lacks. Returns the number applied.
     *
     * @throws JobStoreException when the schema is at a version newer than this code knows
     */
    public static int apply(Database db) {
        String schema = db.schema();
        return db.transaction("migrate schema " + schema, c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setString(2, schema);
                lock.execute();
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                st.execute("SET LOCAL search_path TO " + schema);
                st.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, script text NOT NULL, "
                        + "applied_at timestamptz NOT NULL DEFAULT now())");
            }
            int current;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > latest()) {
                throw new JobStoreException("schema " + schema + " in " + db.where() + " is at version " + current
                        + ", newer than this FaceReel knows (" + latest() + "); use a FaceReel at least as new as the "
                        + "one that migrated it");
            }
            int applied = 0;
            for (String script : SCRIPTS) {
                int v = version(script);
                if (v <= current) {
                    continue;
                }
                try (Statement st = c.createStatement()) {
                    st.execute(read(script));
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
                    ins.setInt(1, v);
                    ins.setString(2, script);
                    ins.executeUpdate();
                }
                LOG.info("Migrated schema {} in {} to version {} ({})", schema, db.where(), v, script);
                applied++;
            }
            return applied;
        });
    }

    static int version(String script) {
        Matcher m = NAME.matcher(script);
        if (!m.matches()) {
            throw new IllegalStateException("migration script " + script + " is not named V<n>__<name>.sql");
        }
        return Integer.parseInt(m.group(1));
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream(FOLDER + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + FOLDER + script + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not read migration script " + script + ": " + e, e);
        }
    }
}
