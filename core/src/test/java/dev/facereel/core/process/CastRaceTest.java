package dev.facereel.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.cast.Cast;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.testing.CastFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@value CastRace#PROCESSES} processes of {@value CastRace#THREADS} threads each edit one cast in the file store at
 * once (adds, renames, and merges and names on one episode): every acknowledged change is in the cast at the end,
 * which parses, and no temporary file is left.
 */
class CastRaceTest {
    @TempDir
    Path tmp;

    @Test
    void processesEditingOneCastAtOnce_loseNoAcknowledgedEdit() throws Exception {
        Path root = CastFixtures.copyTo(tmp.resolve("root"));

        Cast cast = CastRace.run(root, () -> JobStorage.onFiles(root).casts().read(CastFixtures.SHOW));

        Path file = root.resolve("shows").resolve(CastFixtures.SHOW).resolve("cast.json");
        assertThat(new ObjectMapper().readTree(file.toFile()).path("version").asLong()).isEqualTo(cast.version());
        try (Stream<Path> left = Files.walk(root.resolve("shows"))) {
            assertThat(left.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }
}
