package dev.facereel.core.torture;

import static dev.facereel.core.process.ChildJvm.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.JobId;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.process.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2: 3 processes with 4 threads each call {@code submit} for one episode at the same moment, round after
 * round. Exactly one job may exist per round; every other caller is refused naming that job and its owner's pid, or,
 * in the processes configured to re-attach that round, follows that same job to its end. Then two processes run two
 * different episodes of one data root side by side: the second finishes while the first is still running.
 */
@Tag("torture")
class SubmitRaceTortureTest {
    private static final int PROCESSES = 3;
    private static final int THREADS = 4;
    /**
     * A round: one job's detect at 1 frame per second in racers started before the rounds (measured: 0.25 reference
     * runs).
     */
    private static final Torture.Scenario RACE = new Torture.Scenario("race",
            "Submit race, " + PROCESSES + " processes x " + THREADS + " threads", 10, 100, 0.5);
    /**
     * A round: two children, one running to cluster while the other holds its detect (measured: 1.3 reference runs).
     */
    private static final Torture.Scenario SIDE_BY_SIDE = new Torture.Scenario("side-by-side",
            "Two episodes of one data root side by side", 1, 1, 1.5);

    @TempDir
    Path tmp;

    @RegisterExtension
    final Children children = new Children();

    @Test
    void threeProcessesTimesFourThreads_submitOneEpisodeAtOnce_exactlyOneJobPerRound() throws Exception {
        Torture torture = Torture.begin(RACE, "round", "job", "submitted", "refused naming it", "re-attached to it", "s");
        List<ChildJvm> racers = new ArrayList<>();
        // A silent owner counts as dead only after a minute, so that on a loaded machine a job whose heartbeat lags
        // is not taken over (by design, as PausedOwnerTest shows): each round's race is the claim's alone.
        for (int p = 0; p < PROCESSES; p++) {
            racers.add(children.start("race", tmp, "first=" + torture.first, "rounds=" + torture.rounds, "threads=" + THREADS,
                    "index=" + p, "fps=1", "stall=60000"));
        }
        torture.run((round, random) -> {
            long t0 = System.nanoTime();
            String tag = "R" + round + " ";
            String number = Integer.toString(round);
            for (ChildJvm r : racers) {
                awaitTrue(TortureEpisode.RUN_TIMEOUT, () -> r.linesStartingWith("READY").contains(number), "racer " + r.pid()
                        + " is ready for round " + number);
            }
            Files.createFile(tmp.resolve("go-" + round));
            awaitTrue(TortureEpisode.RUN_TIMEOUT, () -> answers(racers, tag).size() == PROCESSES * THREADS, "every caller of " + tag + " answered");
            List<String> answers = answers(racers, tag);
            List<String> submitted = answers.stream().filter(a -> a.startsWith("SUBMITTED ")).toList();
            assertThat(submitted).as("%s: callers that started a job; all answers %s", tag, answers).hasSize(1);
            String job = submitted.get(0).substring("SUBMITTED ".length());
            ChildJvm owner = racers.stream().filter(r -> r.linesStartingWith(tag).contains("SUBMITTED " + job)).findFirst()
                    .orElseThrow();
            long refused = 0;
            long attached = 0;
            for (ChildJvm r : racers) {
                for (String a : r.linesStartingWith(tag)) {
                    if (a.startsWith("REFUSED")) {
                        assertThat(a).as("%s: a refusal", tag).isEqualTo("REFUSED " + job + " :: pid " + owner.pid()
                                + " on " + hostOf(a));
                        refused++;
                    } else if (a.startsWith("ATTACHED")) {
                        assertThat(a).as("%s: a re-attachment", tag).isEqualTo("ATTACHED " + job);
                        attached++;
                    }
                }
            }
            assertThat(refused + attached).as("%s: refused or re-attached; all answers %s", tag, answers)
                    .isEqualTo(PROCESSES * THREADS - 1);
            try (var jobs = Files.list(tmp.resolve("round-" + round).resolve("jobs"))) {
                assertThat(jobs.map(p -> p.getFileName().toString()).toList()).as("%s: jobs", tag).containsExactly(job);
            }
            Files.createFile(tmp.resolve("gate-" + round));
            long followers = 1 + attached;
            awaitTrue(TortureEpisode.RUN_TIMEOUT, () -> racers.stream().mapToLong(r -> r.linesStartingWith(tag).stream()
                    .filter(l -> l.startsWith("ENDED")).count()).sum() == followers, "every follower of " + job + " saw it end");
            for (ChildJvm r : racers) {
                assertThat(r.linesStartingWith(tag).stream().filter(l -> l.startsWith("ENDED")))
                        .allMatch(l -> l.equals("ENDED " + job + " SUCCEEDED"));
            }
            assertThat(JobStorage.onFiles(tmp.resolve("round-" + round)).jobs().find(JobId.of(job)).orElseThrow().status())
                    .isEqualTo(JobStatus.SUCCEEDED);
            torture.row(round, job, 1, refused, attached, Torture.seconds(t0));
        });
        for (ChildJvm r : racers) {
            assertThat(r.awaitExit(TortureEpisode.RUN_TIMEOUT)).as("racer %d's exit; its output:\n%s", r.pid(), r.output()).isZero();
        }
        torture.end("rounds");
    }

    @Test
    void twoEpisodesOfOneDataRoot_runSideBySide_neitherWaitsForTheOther() throws Exception {
        Torture torture = Torture.begin(SIDE_BY_SIDE);
        torture.run((round, random) -> {
            Path root = tmp.resolve("round-" + round);
            Path gate = root.resolveSibling("gate-" + round);
            ChildJvm held = children.start("run", root, "episode=first_e01", "stage=DETECT", "gate=" + gate);
            String heldJob = held.awaitLine("SUBMITTED", TortureEpisode.RUN_TIMEOUT);
            held.awaitLine("GATED", TortureEpisode.RUN_TIMEOUT);
            ChildJvm other = children.start("run", root, "episode=second_e01");
            assertThat(other.awaitExit(TortureEpisode.RUN_TIMEOUT)).as("the second episode's exit; its output:\n%s",
                    other.output()).isZero();
            assertThat(held.process().isAlive()).as("the first episode's job still runs").isTrue();
            assertThat(JobStorage.onFiles(root).jobs().find(JobId.of(heldJob)).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
            Files.createFile(gate);
            assertThat(held.awaitExit(TortureEpisode.RUN_TIMEOUT)).as("the first episode's exit; its output:\n%s",
                    held.output()).isZero();
            torture.line("second_e01 ran to cluster while first_e01's detect (" + heldJob
                    + ") was held running; then first_e01 finished");
            children.killAll();
        });
    }

    private static String hostOf(String refusal) {
        return refusal.substring(refusal.lastIndexOf(" on ") + 4);
    }

    /** Every caller's first answer in the round: SUBMITTED, REFUSED, ATTACHED, or a failure. */
    private static List<String> answers(List<ChildJvm> racers, String tag) {
        return racers.stream().flatMap(r -> r.linesStartingWith(tag).stream()).filter(l -> !l.startsWith("ENDED")).toList();
    }
}
