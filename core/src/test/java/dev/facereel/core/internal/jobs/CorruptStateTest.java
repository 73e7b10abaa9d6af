package dev.facereel.core.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.CorruptFileException;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.testing.JobsHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Damaged state files give a clear error naming the file, or a documented safe recovery; never a second owner. */
class CorruptStateTest {
    private static final EpisodeKey EPISODE = EpisodeKey.of("e_corrupt");
    private final JobsHarness h = new JobsHarness();
    private final DataLayout layout = new DataLayout(h.root);

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    static Stream<Arguments> damages() {
        Function<byte[], byte[]> truncate = b -> java.util.Arrays.copyOf(b, b.length / 2);
        Function<byte[], byte[]> garbage = b -> "\u0000\u00ff{{not json".getBytes(StandardCharsets.ISO_8859_1);
        Function<byte[], byte[]> empty = b -> new byte[0];
        Function<byte[], byte[]> futureSchema = b -> new String(b, StandardCharsets.UTF_8)
                .replace("\"schema\" : 1", "\"schema\" : 9").getBytes(StandardCharsets.UTF_8);
        return Stream.of(Arguments.of("truncated", truncate), Arguments.of("garbage", garbage),
                Arguments.of("empty", empty), Arguments.of("schema 9", futureSchema));
    }

    private JobRun startRunning() {
        JobRun run = h.process(100).start(EPISODE, Stage.DETECT, List.of(Stage.DETECT), Map.of(), e -> { });
        run.stageStarted(Stage.DETECT, 10);
        return run;
    }

    private static void damage(Path file, Function<byte[], byte[]> how) throws Exception {
        Files.write(file, how.apply(Files.readAllBytes(file)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void metaJson_damaged_givesJobStoreExceptionNamingFile(String name, Function<byte[], byte[]> how) throws Exception {
        JobRun run = startRunning();
        damage(layout.jobMeta(run.id()), how);

        assertThatThrownBy(() -> h.process(200).require(run.id())).isInstanceOf(JobStoreException.class)
                .hasMessageContaining(layout.jobMeta(run.id()).toString()).hasMessageContaining("job envelope");
        assertThatThrownBy(run::heartbeat).isInstanceOf(JobStoreException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void runtimeJson_damaged_readFails_butOwnerWriteRecovers(String name, Function<byte[], byte[]> how) throws Exception {
        JobRun run = startRunning();
        damage(layout.runtimeFile(EPISODE), how);
        FileRuntimeTracker tracker = new FileRuntimeTracker(h.root, h.time);

        assertThatThrownBy(() -> tracker.activeJobs(EPISODE)).isInstanceOf(JobStoreException.class)
                .hasMessageContaining("runtime.json");
        run.finish(dev.facereel.core.jobs.JobStatus.SUCCEEDED, null);
        assertThat(tracker.activeJobs(EPISODE)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void leaseJson_damaged_whileOwnerLives_refusesSecondOwnerWithClearError(String name, Function<byte[], byte[]> how)
            throws Exception {
        JobRun run = startRunning();
        damage(layout.leaseFile(EPISODE), how);

        assertThatThrownBy(() -> h.process(200).start(EPISODE, Stage.DETECT, List.of(Stage.DETECT), Map.of(), e -> { }))
                .isInstanceOf(JobStoreException.class).hasMessageContaining("lease.json").hasMessageContaining("delete");
        assertThat(new FileJobStore(h.root).jobIds()).containsExactly(run.id());
    }

    @Test
    void parse_futureSchema_givesCorruptFileExceptionWithTheFileAndTheProblem() {
        Path file = h.root.resolve("clusters.json");
        byte[] future = "{\"schema\" : 9}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> StateJson.parse(future, file, "an identity list"))
                .isInstanceOfSatisfying(CorruptFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.problem()).isEqualTo("its schema is 9, but this version reads schema 1");
                })
                .hasMessage("corrupt state file " + file + ": its schema is 9, but this version reads schema 1; expected"
                        + " an identity list");
    }

    @Test
    void lockFile_garbageContent_isHarmless() throws Exception {
        Files.createDirectories(layout.episodeDir(EPISODE));
        Files.write(layout.lockFile(EPISODE), new byte[] {1, 2, 3, 'x'});
        JobRun run = startRunning();
        assertThat(h.process(300).activeJob(EPISODE)).isPresent();
        run.finish(dev.facereel.core.jobs.JobStatus.SUCCEEDED, null);
    }
}
