package dev.facereel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import dev.facereel.jobstore.postgres.PostgresJobStorage;
import dev.facereel.jobstore.postgres.QueueEntry;
import dev.facereel.jobstore.postgres.testing.FreshSchema;
import dev.facereel.jobstore.postgres.testing.ShortEpisodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code submit}, {@code worker}, {@code status}, {@code cancel} and {@code resume} against a PostgreSQL store. */
class QueueCommandsIT {
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private final FreshSchema schema = new FreshSchema();

    @TempDir
    Path work;

    @AfterEach
    void drop() {
        schema.close();
    }

    private FaceReelProcess run(String... args) {
        return FaceReelProcess.run(work, LIMIT, args);
    }

    private JsonNode status(Path data, String episode) throws Exception {
        try (FaceReelProcess p = run("status", "--episode", episode, "--data", data.toString(), "--store", schema.url(),
                "--json")) {
            assertThat(p.exitCode()).as(p.describe()).isZero();
            return new ObjectMapper().readTree(p.stdout());
        }
    }

    @Test
    void submitThenWorker_runsTheEpisode_whileStatusAndCancelWorkOnTheQueue() throws Exception {
        List<Path> clips = ShortEpisodes.cut(work, 2, 5, 10);
        Path data = work.resolve("data");
        String store = schema.url();
        try (FaceReelProcess p = run("submit", clips.get(0).toString(), "--episode", "Q_E01", "--store", store)) {
            assertThat(p.exitCode()).as(p.describe()).isZero();
            assertThat(p.stdout()).startsWith("queued #1: episode Q_E01 up to name");
        }
        try (FaceReelProcess p = run("submit", clips.get(0).toString(), "--episode", "Q_E01", "--store", store)) {
            assertThat(p.exitCode()).as(p.describe()).isZero();
            assertThat(p.stdout()).contains("already queued as #1 (queued)");
        }
        try (FaceReelProcess p = run("submit", clips.get(1).toString(), "--episode", "Q_E02", "--store", store)) {
            assertThat(p.exitCode()).as(p.describe()).isZero();
        }
        try (FaceReelProcess p = run("cancel", "--episode", "Q_E02", "--data", data.toString(), "--store", store)) {
            assertThat(p.exitCode()).as(p.describe()).isZero();
            assertThat(p.stdout()).contains("canceled the queued entry of episode Q_E02");
        }
        try (FaceReelProcess p = run("worker", "--store", store, "--data", data.toString(), "--sample-fps", "2",
                "--exit-when-idle")) {
            assertThat(p.exitCode()).as(p.describe()).isZero();
        }

        JsonNode done = status(data, "Q_E01");
        assertThat(done.path("stages").path("cluster").path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("queue").path("state").asText()).isEqualTo("done");
        assertThat(data.resolve("episodes/q_e01/cluster/clusters.json")).exists();
        assertThat(data.resolve("jobs")).as("job state lives in the store, not under the data root").doesNotExist();
        assertThat(status(data, "Q_E02").path("queue").path("state").asText()).isEqualTo("canceled");
    }

    @Test
    void killedWorker_isResumedFromAnotherProcess_andTheNextWorkerClosesItsQueueEntry() throws Exception {
        Path clip = ShortEpisodes.cut(work, 1, 12, 0).get(0);
        Path data = work.resolve("data");
        String store = schema.url();
        try (PostgresJobStorage db = PostgresJobStorage.connect(store)) {
            assertThat(run("submit", clip.toString(), "--episode", "Q_E03", "--store", store).exitCode()).isZero();
            try (FaceReelProcess worker = FaceReelProcess.start(work, "worker", "--store", store, "--data",
                    data.toString(), "--heartbeat", "300ms", "--stall-after", "3s")) {
                worker.awaitWhileRunning(() -> detectedFrames(db, "Q_E03") >= 10, "the worker detected 10 frames", LIMIT);
                worker.signal("KILL");
                worker.awaitExit(LIMIT);
            }
            try (FaceReelProcess p = run("resume", "--episode", "Q_E03", "--data", data.toString(), "--store", store)) {
                assertThat(p.exitCode()).as(p.describe()).isZero();
                assertThat(p.stderr()).contains("resuming dead job");
            }
            assertThat(db.queue().latest("Q_E03").orElseThrow().state()).isEqualTo(QueueEntry.State.RUNNING);
            try (FaceReelProcess p = run("worker", "--store", store, "--data", data.toString(), "--exit-when-idle")) {
                assertThat(p.exitCode()).as(p.describe()).isZero();
            }
            QueueEntry entry = db.queue().latest("Q_E03").orElseThrow();
            assertThat(entry.state()).isEqualTo(QueueEntry.State.DONE);
            assertThat(entry.attempt()).isEqualTo(1);
            assertThat(db.jobs().jobIds()).hasSize(1);
        }
        assertThat(status(data, "Q_E03").path("stages").path("cluster").path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void queueCommands_withoutOrWithABadStore_areUsageErrors() throws Exception {
        Path video = java.nio.file.Files.write(work.resolve("v.mp4"), new byte[] {1, 2, 3});
        try (FaceReelProcess p = run("submit", video.toString(), "--episode", "Q_E04")) {
            assertThat(p.exitCode()).as(p.describe()).isEqualTo(2);
            assertThat(p.stderr()).contains("facereel submit needs --store postgres://");
        }
        try (FaceReelProcess p = run("worker")) {
            assertThat(p.exitCode()).as(p.describe()).isEqualTo(2);
            assertThat(p.stderr()).contains("facereel worker needs --store postgres://");
        }
        try (FaceReelProcess p = run("status", "--episode", "Q_E04", "--store", "mysql://u:secret@h/db")) {
            assertThat(p.exitCode()).as(p.describe()).isEqualTo(2);
            assertThat(p.stderr()).contains("--store").contains("postgres://").doesNotContain("secret");
        }
    }

    private static long detectedFrames(PostgresJobStorage db, String episode) {
        Optional<String> job = db.queue().pending(episode).map(QueueEntry::jobId);
        return job.flatMap(id -> db.jobs().find(JobId.of(id))).flatMap(e -> e.stage(Stage.DETECT))
                .map(s -> s.unitsDone()).orElse(0L);
    }
}
