package dev.facereel.core.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Providers;
import dev.facereel.core.Stage;
import dev.facereel.core.StageStatus;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.testing.CountingDetector;
import dev.facereel.core.process.ChildJvm;
import dev.facereel.spi.FaceReelException;
import dev.facereel.spi.ProviderConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 5: every state and result file, damaged every way. The job files (meta.json, runtime.json, .lock) are
 * damaged in the state a kill -9 in the middle of detect leaves (a dead job with a checkpoint); the result files
 * (faces.jsonl, tracks.json, clusters.json) in a finished episode. Then, in a new pipeline, {@code status} and what
 * {@code facereel analyze} does (resume the dead job if there is one, then submit up to cluster) must each give a
 * clear error naming the damaged file, or recover: finish with results identical to an uninterrupted run and nothing
 * left behind. Never a hang (each case runs within the scenario's time limit, see {@link Torture}), never a silent
 * wrong answer. The case list with each outcome goes to {@code target/torture/corrupt-state.md}.
 */
@Tag("torture")
class CorruptStateTortureTest {
    private static final int CASES = Target.values().length * Damage.values().length;
    /**
     * A case, in this JVM: {@code status} and what {@code analyze} does, at most a run to the end (measured: 0.14
     * reference runs, 0.38 while another build shared the machine).
     */
    private static final Torture.Scenario SCENARIO = new Torture.Scenario("corrupt-state", "Corrupt state", CASES, CASES,
            0.5);

    @TempDir
    Path tmp;

    /** How a file is damaged; {@code random} picks the cut or the bytes. */
    enum Damage {
        TRUNCATED, RANDOM_BYTES, EMPTY, WRONG_SCHEMA, MISSING;

        void apply(Path file, Random random) throws IOException {
            byte[] valid = Files.readAllBytes(file);
            switch (this) {
                case TRUNCATED -> Files.write(file, Arrays.copyOf(valid, random.nextInt(Math.max(1, valid.length))));
                case RANDOM_BYTES -> {
                    byte[] noise = new byte[1 + random.nextInt(Math.max(1, valid.length))];
                    random.nextBytes(noise);
                    Files.write(file, noise);
                }
                case EMPTY -> Files.write(file, new byte[0]);
                case WRONG_SCHEMA -> Files.write(file, wrongSchema(file, valid, random));
                case MISSING -> Files.delete(file);
            }
        }

        /** Valid JSON of another schema version; for the JSON-lines file, one line replaced by a well-formed line of another shape. */
        private static byte[] wrongSchema(Path file, byte[] valid, Random random) {
            String text = new String(valid, StandardCharsets.UTF_8);
            if (file.getFileName().toString().endsWith(".jsonl")) {
                List<String> lines = new ArrayList<>(text.lines().toList());
                lines.set(random.nextInt(lines.size()), "{\"schema\":2,\"frame\":\"first\",\"faces\":{\"box\":null}}");
                return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
            }
            return (text.isBlank() ? "{\"schema\" : 99}" : text.replace("\"schema\" : 1", "\"schema\" : 99"))
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A damaged file, where it lies under a data root, and whether it is damaged in the dead job or the finished episode. */
    enum Target {
        META("jobs/<id>/meta.json", true, root -> new DataLayout(root).jobMeta(JobStorage.onFiles(root).jobs().jobIds().get(0))),
        RUNTIME("runtime.json", true, root -> new DataLayout(root).runtimeFile(TortureEpisode.KEY)),
        LOCK(".lock", true, root -> new DataLayout(root).lockFile(TortureEpisode.KEY)),
        FACES("detect/faces.jsonl", false, root -> TortureEpisode.episodeDir(root).resolve("detect/faces.jsonl")),
        TRACKS("track/tracks.json", false, root -> TortureEpisode.episodeDir(root).resolve("track/tracks.json")),
        CLUSTERS("cluster/clusters.json", false, root -> TortureEpisode.episodeDir(root).resolve("cluster/clusters.json"));

        final String label;
        final boolean inDeadJob;
        final Function<Path, Path> locate;

        Target(String label, boolean inDeadJob, Function<Path, Path> locate) {
            this.label = label;
            this.inDeadJob = inDeadJob;
            this.locate = locate;
        }
    }

    @Test
    void everyStateAndResultFile_damagedEveryWay_givesClearErrorOrSafeRecovery_neverHangsOrAnswersWrong()
            throws Exception {
        Torture torture = Torture.begin(SCENARIO, "file", "damage", "status", "analyze (resume the dead job, then submit to cluster)");
        TortureEpisode.Reference reference = TortureEpisode.reference();
        Path deadJob = deadJob(torture.random);
        torture.run((round, random) -> {
            Target target = Target.values()[round / Damage.values().length % Target.values().length];
            Damage damage = Damage.values()[round % Damage.values().length];
            Path root = tmp.resolve("case-" + round);
            copyTree(target.inDeadJob ? deadJob : reference.root(), root);
            Path file = target.locate.apply(root);
            damage.apply(file, random);
            String[] outcome = exercise(root, file, reference);
            torture.row(target.label, damage.name().toLowerCase(Locale.ROOT).replace('_', ' '), outcome[0], outcome[1]);
        });
        torture.end("cases");
    }

    /** The outcome of {@code status} and of analysing again; each a clear error naming the file or a full recovery. */
    private static String[] exercise(Path root, Path file, TortureEpisode.Reference reference) throws Exception {
        CountingDetector detector = new CountingDetector(Providers.fromClassPath().detector("opencv-haar",
                ProviderConfig.empty()), new PrintStream(OutputStream.nullOutputStream()), null);
        try (FacePipeline pipeline = FacePipeline.builder().dataRoot(root).detector(detector).sampleFps(2)
                .heartbeatInterval(TortureEpisode.HEARTBEAT).stallAfter(Duration.ofMillis(1500)).build()) {
            String status;
            String dead = null;
            try {
                EpisodeStatus s = pipeline.status(TortureEpisode.EPISODE);
                status = "ok: " + s.stages().values().stream().map(r -> r.stage().id() + " " + r.status().name()
                        .toLowerCase()).toList();
                if (s.activeJobId() != null && s.stages().values().stream().anyMatch(r -> r.status() == StageStatus.DEAD)) {
                    dead = s.activeJobId();
                }
            } catch (FaceReelException e) {
                assertThat(e.getMessage()).as("status's error names the damaged file").contains(file.toString());
                status = "error: " + brief(e, root);
            }
            List<String> jobsBefore = JobStorage.onFiles(root).jobs().jobIds().stream().map(Object::toString).toList();
            String analyze;
            try {
                if (dead != null) {
                    pipeline.resume(dead).await();
                }
                pipeline.submit(new Episode(TortureEpisode.EPISODE, TortureEpisode.clip()), Stage.CLUSTER).await();
                Results.assertSameAsReference(root, reference.root());
                assertThat(Results.leftovers(root)).as("left behind").isEmpty();
                assertThat(pipeline.status(TortureEpisode.EPISODE).stages().values()).as("status after the recovery")
                        .filteredOn(r -> Stage.CLUSTER.withPrerequisites().contains(r.stage()))
                        .hasSize(Stage.CLUSTER.withPrerequisites().size())
                        .allMatch(r -> r.status() == StageStatus.SUCCEEDED);
                long newJobs = JobStorage.onFiles(root).jobs().jobIds().stream().filter(j -> !jobsBefore.contains(j.toString())).count();
                analyze = "recovered: " + (dead != null ? "resumed the dead job, " : "") + newJobs + " new job(s), "
                        + detector.calls() + " detector calls; results identical";
            } catch (FaceReelException e) {
                assertThat(e.getMessage()).as("analyze's error names the damaged file").contains(file.toString());
                assertThat(pipeline.status(TortureEpisode.EPISODE).activeJobId()).as("active job after the error").isNull();
                analyze = "error: " + brief(e, root);
            }
            return new String[] {status, analyze};
        }
    }

    /** The kill -9 state: a child killed in the middle of detect, after some checkpoints. */
    private Path deadJob(Random random) throws Exception {
        Path root = tmp.resolve("dead-job");
        int operations = TortureEpisode.reference().operations().get(KillSwitch.Point.DETECT);
        try (ChildJvm child = TortureEpisode.start(List.of(KillSwitch.JVM_OPTION), "run", root)) {
            assertThat(KillSwitch.killAt(child, KillSwitch.Point.DETECT, operations / 3 + random.nextInt(operations / 3),
                    TortureEpisode.RUN_TIMEOUT)).isPresent();
        }
        return root;
    }

    private static String brief(Exception e, Path root) {
        String m = e.getMessage().replace(root.toString(), "<root>");
        return e.getClass().getSimpleName() + " \"" + (m.length() > 220 ? m.substring(0, 220) + "…" : m) + "\"";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
