package dev.facereel.jobstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.JobStoreException;
import dev.facereel.jobstore.postgres.internal.ConnectionString;
import dev.facereel.jobstore.postgres.internal.Migrations;
import dev.facereel.jobstore.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    private final String schema = TestDatabase.freshSchema();

    @AfterEach
    void drop() {
        TestDatabase.drop(schema);
    }

    @Test
    void connect_sixWorkersAtOnceOnANewSchema_migrateItExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PostgresJobStorage>> opened = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            opened.add(pool.submit(() -> {
                go.await();
                return PostgresJobStorage.builder(TestDatabase.url()).schema(schema).poolSize(1).build();
            }));
        }
        go.countDown();
        for (Future<PostgresJobStorage> f : opened) {
            f.get(60, TimeUnit.SECONDS).close();
        }
        pool.shutdown();

        assertThat(query("SELECT count(*) FROM " + schema + ".schema_version")).isEqualTo(Migrations.latest());
        assertThat(query("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema + "'"))
                .as("schema_version, jobs, runtime, leases, queue and casts").isEqualTo(6);
    }

    @Test
    void connect_schemaNewerThanThisCode_isRefusedSayingSo() {
        PostgresJobStorage.builder(TestDatabase.url()).schema(schema).build().close();
        TestDatabase.execute("INSERT INTO " + schema + ".schema_version (version, script) VALUES (999, 'V999__future.sql')");

        assertThatThrownBy(() -> PostgresJobStorage.builder(TestDatabase.url()).schema(schema).build())
                .isInstanceOf(JobStoreException.class).hasMessageContaining("version 999")
                .hasMessageContaining("newer than this FaceReel");
    }

    @Test
    void connect_wrongPassword_failsAtOnce_namingTheServerButNotThePassword() {
        ConnectionString real = ConnectionString.parse(TestDatabase.url());
        String wrong = "postgres://" + real.user() + ":not-the-password@" + real.host() + ":" + real.port() + "/"
                + real.database();
        long start = System.nanoTime();
        assertThatThrownBy(() -> PostgresJobStorage.builder(wrong).schema(schema).build())
                .isInstanceOf(JobStoreException.class).hasMessageContaining(real.host() + ":" + real.port())
                .hasMessageContaining("password authentication failed").hasMessageNotContaining("not-the-password");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    private static int query(String sql) throws Exception {
        ConnectionString cs = ConnectionString.parse(TestDatabase.url());
        try (Connection c = DriverManager.getConnection(cs.jdbcUrl(), cs.user(), cs.password());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
