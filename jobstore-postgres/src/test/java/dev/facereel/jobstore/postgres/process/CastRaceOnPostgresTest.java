package dev.facereel.jobstore.postgres.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.cast.Cast;
import dev.facereel.core.process.CastRace;
import dev.facereel.core.testing.CastFixtures;
import dev.facereel.jobstore.postgres.internal.PgCastStore;
import dev.facereel.jobstore.postgres.testing.FreshSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's cross-process cast race ({@link CastRace}) with the casts in PostgreSQL: {@value CastRace#PROCESSES}
 * processes of {@value CastRace#THREADS} threads, each with a {@code PostgresJobStorage} of its own, edit one show's
 * cast at once; every acknowledged change is in the row at the end.
 */
class CastRaceOnPostgresTest {
    @TempDir
    Path tmp;

    @Test
    void processesEditingOneCastInPostgresAtOnce_loseNoAcknowledgedEdit() throws Exception {
        try (FreshSchema schema = new FreshSchema()) {
            PgCastStore store = new PgCastStore(schema.db());
            Path root = CastFixtures.copyTo(tmp.resolve("root"));

            Cast cast = CastRace.run(root, () -> store.read(CastFixtures.SHOW), "pg=" + schema.url());

            assertThat(cast.people()).isNotEmpty();
            assertThat(Files.exists(root.resolve("shows").resolve(CastFixtures.SHOW).resolve("cast.json")))
                    .as("the cast is in the database, not on the data root").isFalse();
        }
    }
}
