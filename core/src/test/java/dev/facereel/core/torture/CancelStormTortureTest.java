package dev.facereel.core.torture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.JobId;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.Lease;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.Stage;
import dev.facereel.core.process.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4: while a worker runs the episode (or right after it was killed with -9, every other round), three
 * other processes cancel it, resume it and cancel it again, each after its own random delay of up to half a second,
 * so the three land in any order and overlap. When everything has settled the state must be consistent: the job
 * canceled or succeeded, no active job in runtime.json, no lease (lease.json and its epoch tokens gone, and a fresh
 * claim of the episode succeeds: {@code .lock} itself stays, by design, as the permanent OS-lock file), the progress
 * snapshot agreeing with the envelope, and no temporary file.
 */
@Tag("torture")
class CancelStormTortureTest {
    /** A round: the worker's run and the three storm processes (measured: 1.4 reference runs). */
    private static final Torture.Scenario SCENARIO = new Torture.Scenario("cancel-storm", "Cancel storm", 4, 40, 2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @RegisterExtension
    final Children children = new Children();

    @Test
    void cancelResumeCancel_fromThreeProcessesInQuickSuccession_endsConsistent() throws Exception {
        Torture torture = Torture.begin(SCENARIO, "round", "worker", "delays cancel / resume / cancel (ms)",
                "exits worker / cancel / resume / cancel", "job ends", "what the three said");
        torture.run((round, random) -> {
            Path root = tmp.resolve("round-" + round);
            Path go = tmp.resolve("go-" + round);
            boolean killed = round % 2 == 1;
            long[] delays = {random.nextInt(500), random.nextInt(500), random.nextInt(500)};
            if (round % 4 == 1) {
                // cancel, resume, cancel in that order: the first cancel finds the job dead and finishes it
                java.util.Arrays.sort(delays);
            }
            // The three start first and wait for the go file, which will carry the job id.
            List<ChildJvm> storm = List.of(children.start("cancel", root, "go=" + go, "delay=" + delays[0]),
                    children.start("resume", root, "go=" + go, "delay=" + delays[1]),
                    children.start("cancel", root, "go=" + go, "delay=" + delays[2]));
            for (ChildJvm c : storm) {
                c.awaitLine("READY", TortureEpisode.RUN_TIMEOUT);
            }
            ChildJvm worker = children.start("run", root);
            JobId job = JobId.of(worker.awaitLine("SUBMITTED", TortureEpisode.RUN_TIMEOUT));
            worker.awaitLine("BEAT", TortureEpisode.RUN_TIMEOUT);
            if (killed) {
                worker.kill();
            }
            Files.writeString(go.resolveSibling("go.tmp"), job.value());
            Files.move(go.resolveSibling("go.tmp"), go, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            List<Integer> exits = new ArrayList<>();
            exits.add(killed ? null : worker.awaitExit(TortureEpisode.RUN_TIMEOUT));
            for (ChildJvm c : storm) {
                exits.add(c.awaitExit(TortureEpisode.RUN_TIMEOUT));
            }
            JobStatus end = assertConsistent(root, job, "round " + round + " exits " + exits + "; outputs:\n"
                    + storm.stream().map(ChildJvm::output).toList());
            torture.row(round, killed ? "killed -9" : "running", delays[0] + " / " + delays[1] + " / " + delays[2],
                    exits.stream().map(e -> e == null ? "-" : e.toString()).toList(), end.name().toLowerCase(Locale.ROOT),
                    storm.stream().map(CancelStormTortureTest::outcome).toList());
            children.killAll();
        });
        torture.end("rounds");
    }

    private static JobStatus assertConsistent(Path root, JobId job, String what) throws Exception {
        JobEnvelope env = JobStorage.onFiles(root).jobs().find(job).orElseThrow();
        assertThat(env.status()).as("%s: the job's end", what).isIn(JobStatus.CANCELED, JobStatus.SUCCEEDED);
        assertThat(JobStorage.onFiles(root).jobs().jobIds()).as("%s: jobs", what).containsExactly(job);
        List<String> left = Results.leftovers(root).stream()
                .filter(l -> env.status() != JobStatus.CANCELED || !l.startsWith("detect work folder")).toList();
        assertThat(left).as("%s: left behind (a canceled job keeps its detect checkpoint)", what).isEmpty();
        JsonNode state = JSON.readTree(Files.readAllBytes(new DataLayout(root).pipelineState(TortureEpisode.KEY)));
        if (state.path("job_id").asText().equals(job.value())) {
            assertThat(state.path("status").asText()).as("%s: pipeline_state.json", what)
                    .isEqualTo(env.status().name().toLowerCase(Locale.ROOT));
        }
        LockManager locks = JobStorage.onFiles(root).locks();
        Lease fresh = locks.acquire(TortureEpisode.KEY, JobId.create(Stage.DETECT, TortureEpisode.KEY, Instant.now(), 7),
                owner -> false);
        assertThat(fresh.isTakeover()).as("%s: a fresh claim found a previous owner", what).isFalse();
        locks.release(fresh);
        return env.status();
    }

    /** The line that says how a storm process ended. */
    private static String outcome(ChildJvm c) {
        return c.output().lines().filter(l -> l.startsWith("CANCEL_REQUESTED") || l.startsWith("ENDED")
                || l.startsWith("REFUSED") || l.startsWith("ERROR"))
                .map(l -> l.length() > 140 ? l.substring(0, 140) + "…" : l).findFirst().orElse("(nothing)");
    }
}
