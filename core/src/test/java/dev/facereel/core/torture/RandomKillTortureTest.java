package dev.facereel.core.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.JobId;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.process.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 1: kill -9 the worker at a random file operation of a random stage, then resume from a new process, as
 * {@code facereel analyze} does. Rounds cycle through detect, the publication of its results, track, stills and
 * cluster; within each the file operation to die at is drawn at random ({@link KillSwitch}), so kills land inside atomic writes, before renames, between
 * publication steps and between the appends of one frame. Every round must finish with results identical to an
 * uninterrupted run, leave no temporary file, work folder, lease or active job, and redo at most one checkpoint
 * interval of detector calls: the frames the killed worker detected in one heartbeat interval, plus the one frame
 * whose checkpoint the kill may have interrupted, plus the one frame that overlapped analysis has in flight while a
 * checkpoint is written.
 */
@Tag("torture")
class RandomKillTortureTest {
    /**
     * A round: a run killed on its way and the run that resumes it, each in a JVM of its own (measured: 1.7 reference
     * runs).
     */
    private static final Torture.Scenario SCENARIO = new Torture.Scenario("random-kill", "Random kill -9", 20, 200, 2);

    @TempDir
    Path tmp;

    @RegisterExtension
    final Children children = new Children();

    @Test
    void killMinus9_atRandomFileOperationsOfEveryStage_resumeFinishesWithTheUninterruptedResults() throws Exception {
        Torture torture = Torture.begin(SCENARIO, "round", "kill point", "operation", "where", "detector calls A + B",
                "checkpoint", "redone", "s");
        TortureEpisode.Reference reference = TortureEpisode.reference();
        torture.run((round, random) -> {
            KillSwitch.Point point = KillSwitch.Point.IN_JOBS.get(round % KillSwitch.Point.IN_JOBS.size());
            // The worker's heartbeat writes vary a little from run to run: stay within the operations every run has.
            // The publication has none, and its last operations are the ones that matter most.
            int operations = reference.operations().get(point);
            int operation = 1 + random.nextInt(point == KillSwitch.Point.DETECT_PUBLISH ? operations : operations * 9 / 10);
            round(torture, round, point, operation, reference);
        });
        torture.end("rounds");
    }

    private void round(Torture torture, int round, KillSwitch.Point point, int operation, TortureEpisode.Reference reference) throws Exception {
        long t0 = System.nanoTime();
        Path root = tmp.resolve("round-" + round);
        ChildJvm a = children.start(List.of(KillSwitch.JVM_OPTION), "run", root);
        Optional<KillSwitch.Hit> hit = KillSwitch.killAt(a, point, operation, TortureEpisode.RUN_TIMEOUT);
        assertThat(hit).as("round %d: the worker reached operation %d after %s; its output:\n%s", round, operation, point,
                a.output()).isPresent();
        JobId job = JobStorage.onFiles(root).jobs().jobIds().get(0);
        // -1 once the detect results were published: the checkpoint no longer counts.
        boolean published = Files.exists(TortureEpisode.episodeDir(root).resolve("detect").resolve("settings.json"));
        long checkpoint = published ? -1 : TortureEpisode.checkpointFrames(root).orElse(-1L);
        long callsA = TortureEpisode.calls(a);

        ChildJvm b = children.start("analyze", root);
        assertThat(b.awaitExit(TortureEpisode.RUN_TIMEOUT)).as("round %d (%s): the resuming process's exit; its output:\n%s",
                round, hit.get(), b.output()).isZero();
        long callsB = TortureEpisode.calls(b);

        String what = "round " + round + " (" + hit.get() + ")";
        JobEnvelope killed = JobStorage.onFiles(root).jobs().find(job).orElseThrow();
        assertThat(killed.status()).as("%s: the killed job", what).isEqualTo(JobStatus.SUCCEEDED);
        for (JobId id : JobStorage.onFiles(root).jobs().jobIds()) {
            assertThat(JobStorage.onFiles(root).jobs().find(id).orElseThrow().status().isTerminal()).as("%s: job %s ended", what, id)
                    .isTrue();
        }
        Results.assertSameAsReference(root, reference.root());
        assertThat(Results.leftovers(root)).as("%s: left behind", what).isEmpty();

        long redone = callsA + callsB - reference.frames();
        // A checkpoint falls due at the first frame boundary after the interval, so the frame that made it due
        // belongs to the interval (+1). Analysis overlaps writing: while the checkpoint is written, the next frame is
        // already being analysed (one analysis thread, two frames in flight), and a kill there loses it too (+1).
        long interval = TortureEpisode.framesPerInterval(a) + 1 + 1;
        if (checkpoint >= 0) {
            assertThat(callsB).as("%s: detector calls after resuming from the checkpoint at %d frames", what, checkpoint)
                    .isEqualTo(reference.frames() - checkpoint);
        }
        assertThat(redone).as("%s: frames detected twice (A %d calls, B %d, checkpoint %d)", what, callsA, callsB,
                checkpoint).isBetween(0L, interval);
        torture.row(round, point, operation, hit.get().where(), callsA + " + " + callsB, checkpoint < 0 ? "-" : checkpoint,
                redone + " (at most " + interval + ")", Torture.seconds(t0));
        children.killAll();
    }

}
