package dev.facereel.core.torture;

import static dev.facereel.core.process.ChildJvm.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobId;
import dev.facereel.core.StageStatus;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.process.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3: SIGSTOP the owner at a random moment of detect, past {@code stallAfter}; another process sees it dead,
 * takes the job over and finishes it; then SIGCONT the first. The first must stop itself (lease lost) and write
 * nothing: every file under the data root keeps the size, modification time and content it had when the new owner
 * finished, and the envelope keeps the new owner's higher epoch. The results equal an uninterrupted run's.
 */
@Tag("torture")
class PauseTortureTest {
    /**
     * A repeat: the stopped owner's run, the new owner's, and a pipeline watching for the takeover (measured: 1.6
     * reference runs).
     */
    private static final Torture.Scenario SCENARIO = new Torture.Scenario("pause", "Pause (SIGSTOP, takeover, SIGCONT)",
            5, 50, 2);

    @TempDir
    Path tmp;

    @RegisterExtension
    final Children children = new Children();

    @Test
    void stopOwnerPastStallAfter_takeOverElsewhere_continueIt_firstOwnerStopsAndWritesNothing() throws Exception {
        Torture torture = Torture.begin(SCENARIO, "repeat", "stopped after frames", "epochs first / new", "first's exit",
                "files unchanged", "s");
        TortureEpisode.Reference reference = TortureEpisode.reference();
        torture.run((repeat, random) -> {
            long t0 = System.nanoTime();
            Path root = tmp.resolve("repeat-" + repeat);
            ChildJvm first = children.start("run", root);
            JobId job = JobId.of(first.awaitLine("SUBMITTED", TortureEpisode.RUN_TIMEOUT));
            // Stop it in detect, or just after it (a few frames before the end leave time for no more).
            long stopAt = 1 + random.nextInt((int) reference.frames() - 4);
            awaitTrue(TortureEpisode.RUN_TIMEOUT, () -> TortureEpisode.calls(first) >= stopAt, "the first owner detected " + stopAt + " frames");
            first.signal("STOP");
            long epochBefore = JobStorage.onFiles(root).jobs().find(job).orElseThrow().leaseEpoch();
            try (FacePipeline observer = FacePipeline.builder().dataRoot(root).sampleFps(2)
                    .heartbeatInterval(TortureEpisode.HEARTBEAT).stallAfter(Duration.ofMillis(1500)).build()) {
                awaitTrue(TortureEpisode.RUN_TIMEOUT, () -> observer.status(TortureEpisode.EPISODE).stages().values().stream()
                        .anyMatch(r -> r.status() == StageStatus.DEAD), "the stopped owner's job reads dead");
            }
            ChildJvm second = children.start("resume", root, "job=" + job);
            assertThat(second.awaitExit(TortureEpisode.RUN_TIMEOUT)).as("repeat %d: the new owner's exit; its output:\n%s", repeat,
                    second.output()).isZero();
            JobEnvelope done = JobStorage.onFiles(root).jobs().find(job).orElseThrow();
            Map<String, String> files = snapshot(root);

            first.signal("CONT");
            int exit = first.awaitExit(TortureEpisode.RUN_TIMEOUT);
            assertThat(exit).as("repeat %d: the first owner's exit; its output:\n%s", repeat, first.output())
                    .isEqualTo(3);
            assertThat(first.findLine("LEASE LOST")).isPresent();
            assertThat(JobStorage.onFiles(root).jobs().find(job).orElseThrow()).as("repeat %d: the envelope", repeat).isEqualTo(done);
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.leaseEpoch()).isGreaterThan(epochBefore);
            assertThat(snapshot(root)).as("repeat %d: every file after the first owner woke up", repeat).isEqualTo(files);
            Results.assertSameAsReference(root, reference.root());
            assertThat(Results.leftovers(root)).as("repeat %d: left behind", repeat).isEmpty();
            torture.row(repeat, stopAt, epochBefore + " / " + done.leaseEpoch(), exit + " (lease lost)", files.size() + " files",
                    Torture.seconds(t0));
            children.killAll();
        });
        torture.end("repeats");
    }

    /** Every file under the root (the permanent {@code .lock} included) with its size, modification time and digest. */
    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                files.put(root.relativize(p).toString(), a.size() + " bytes, modified " + a.lastModifiedTime() + ", sha "
                        + HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p)), 0, 8));
            }
        }
        return files;
    }
}
