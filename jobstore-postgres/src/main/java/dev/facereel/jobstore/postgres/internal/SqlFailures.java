package dev.facereel.jobstore.postgres.internal;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Tells failures worth retrying (the server restarting, a dropped connection) from those that are not. */
final class SqlFailures {
    private SqlFailures() {
    }

    /**
     * True for connection failures (SQLSTATE class 08), an administrator or crash shutdown (57P01, 57P02), a
     * server still starting (57P03), a session ended for sitting idle inside a transaction (25P03), too many
     * connections (53300), and serialization failures or deadlocks (40001, 40P01). Bad credentials (28…) and a
     * missing database (3D000) are never transient, even when a pool reports them through a timeout.
     */
    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("28") || state.equals("3D000")) {
                    return false;
                }
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                        || state.equals("25P03") || state.equals("53300") || state.equals("40001")
                        || state.equals("40P01")) {
                    return true;
                }
            }
        }
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException;
    }
}
