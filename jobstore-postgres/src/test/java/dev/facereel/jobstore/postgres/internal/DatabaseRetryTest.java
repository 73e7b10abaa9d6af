package dev.facereel.jobstore.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.JobStoreException;
import dev.facereel.core.testing.FakeTime;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The retry policy, on a fake data source and fake time: no server, no waiting. */
class DatabaseRetryTest {
    private final FakeTime time = new FakeTime();
    private final List<Duration> waits = new ArrayList<>();
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));

    /** Fails {@code failures} times with {@code failure}, then hands out connections that accept anything. */
    private DataSource failing(int failures, SQLException failure, AtomicInteger commits) {
        AtomicInteger calls = new AtomicInteger();
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (calls.incrementAndGet() <= failures) {
                        throw failure;
                    }
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("commit")) {
                                    commits.incrementAndGet();
                                }
                                return null;
                            });
                });
    }

    private Database on(DataSource source) {
        return Database.on(source, "postgres://u@h:5432/db", "s", backoff, time, d -> {
            waits.add(d);
            time.advance(d);
        });
    }

    @Test
    void transaction_serverRestarting_retriesWithGrowingDelays_thenSucceedsOnce() {
        AtomicInteger commits = new AtomicInteger();
        Database db = on(failing(5, new SQLException("the database system is shutting down", "57P01"), commits));

        String result = db.transaction("read job x", c -> "done");
        assertThat(result).isEqualTo("done");
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofSeconds(1));
        assertThat(commits).hasValue(1);
    }

    @Test
    void transaction_unreachableLongerThanTheBound_givesUpNamingTheServerAndTheWork() {
        Database db = on(failing(Integer.MAX_VALUE, new SQLTransientConnectionException("Connection refused", "08001"),
                new AtomicInteger()));

        assertThatThrownBy(() -> db.transaction("update job x", c -> 1)).isInstanceOf(JobStoreException.class)
                .hasMessageContaining("postgres://u@h:5432/db").hasMessageContaining("update job x")
                .hasMessageContaining("unreachable for 5 s");
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void transaction_badPassword_failsAtOnce_evenWhenThePoolReportsATimeout() {
        SQLException refused = new SQLTransientConnectionException("pool timed out", "28P01",
                new SQLException("password authentication failed for user \"u\"", "28P01"));
        Database db = on(failing(Integer.MAX_VALUE, refused, new AtomicInteger()));

        assertThatThrownBy(() -> db.transaction("read job x", c -> 1)).isInstanceOf(JobStoreException.class)
                .hasMessageContaining("could not read job x").hasMessageContaining("password authentication failed");
        assertThat(waits).isEmpty();
    }

    @Test
    void backoff_delays_doubleUpToTheCap() {
        assertThat(Backoff.DEFAULT.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(Backoff.DEFAULT.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(Backoff.DEFAULT.delay(60)).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> Backoff.DEFAULT.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
