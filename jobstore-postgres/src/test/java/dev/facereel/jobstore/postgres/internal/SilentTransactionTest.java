package dev.facereel.jobstore.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.jobstore.postgres.testing.FreshSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A host that goes silent inside a transaction (its link cut after an update, before the commit) holds that row's
 * lock only until the server ends its idle session, not until TCP keepalive gives up: another host's update of the
 * same row goes through, and the silent one's work, once it speaks again, is retried as a whole.
 */
class SilentTransactionTest {
    @Test
    void aSessionSilentAfterAnUpdate_releasesTheRow_andItsWorkIsRetried() throws Exception {
        try (FreshSchema schema = new FreshSchema()) {
            Database db = schema.db();
            db.transaction("make the table", c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("CREATE TABLE row_lock_probe (id int PRIMARY KEY, v text);"
                            + " INSERT INTO row_lock_probe VALUES (1, 'start')");
                }
            });
            CountDownLatch updated = new CountDownLatch(1);
            CountDownLatch speakAgain = new CountDownLatch(1);
            AtomicInteger silentAttempts = new AtomicInteger();
            CompletableFuture<Void> silent = CompletableFuture.runAsync(() -> db.transaction("update, then fall silent",
                    c -> {
                        silentAttempts.incrementAndGet();
                        set(c, "silent");
                        updated.countDown();
                        try {
                            speakAgain.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return null;
                    }));
            assertThat(updated.await(30, TimeUnit.SECONDS)).as("the silent transaction updated the row").isTrue();

            long start = System.nanoTime();
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> db.transaction("update the same row",
                    c -> {
                        set(c, "other");
                        return null;
                    }));
            try {
                other.get(Database.IDLE_IN_TRANSACTION.multipliedBy(2).toSeconds(), TimeUnit.SECONDS);
            } finally {
                speakAgain.countDown();
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).as("the other update waited for the server to end the silent session")
                    .isGreaterThanOrEqualTo(Database.IDLE_IN_TRANSACTION.dividedBy(2));

            silent.get(1, TimeUnit.MINUTES);
            assertThat(silentAttempts).as("the silent work ran again on a new connection").hasValue(2);
            String last = db.transaction("read the row", c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT v FROM row_lock_probe WHERE id = 1")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(last).as("the retried silent work came last").isEqualTo("silent");
        }
    }

    private static void set(Connection c, String value) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE row_lock_probe SET v = ? WHERE id = 1")) {
            st.setString(1, value);
            st.executeUpdate();
        }
    }
}
