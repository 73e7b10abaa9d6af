package dev.facereel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An {@code analyze} process killed with SIGKILL: status reports it dead at once, and analyze resumes it. */
class KillAndResumeIT {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);
    private static final Pattern FRAMES = Pattern.compile("^detect running \\d+% frames (\\d+)/");

    @TempDir
    Path work;

    @Test
    void analyze_afterKill9DuringDetect_resumesAndWritesTheSameFacesAsACleanRun() throws Exception {
        byte[] clean = cleanFaces();
        Path data = work.resolve("killed");
        try (FaceReelProcess victim = FaceReelProcess.start(work, detectArgs(data))) {
            victim.awaitStderrLine(l -> framesDone(l) >= 20, "detect past frame 20 of 84", RUN_LIMIT);
            victim.signal("KILL");
            assertThat(victim.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        }
        assertThat(data.resolve("episodes/crash/detect/faces.jsonl")).as("detect had not finished at the kill")
                .doesNotExist();

        try (FaceReelProcess again = FaceReelProcess.run(work, RUN_LIMIT, detectArgs(data))) {
            assertThat(again.exitCode()).as(again.describe()).isZero();
            assertThat(again.stderrLines()).as(again.describe()).anyMatch(l -> l.contains("resuming"));
        }
        assertThat(Files.readAllBytes(data.resolve("episodes/crash/detect/faces.jsonl")))
                .as("detect/faces.jsonl of the resumed run").isEqualTo(clean);
    }

    /**
     * Detect writes {@code detect/work/checkpoint.json} only when its own per-frame check finds a heartbeat due,
     * but the job's timer heartbeats as soon as half an interval has passed, so that check is rarely true: on a run
     * of 84 frames over 20 heartbeats no checkpoint may be written at all, and a crash then loses all detect work.
     */
    @Test
    void analyze_afterKill9OnceDetectCheckpointed_resumesFromTheCheckpointToTheSameFaces() throws Exception {
        byte[] clean = cleanFaces();
        Path data = work.resolve("killed");
        Path workDir = data.resolve("episodes/crash/detect/work");
        try (FaceReelProcess victim = FaceReelProcess.start(work, detectArgs(data))) {
            victim.awaitWhileRunning(() -> checkpointIn(workDir).isPresent(), "detect/work/*/checkpoint.json", RUN_LIMIT);
            victim.signal("KILL");
            assertThat(victim.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        }
        JsonNode checkpointed = new ObjectMapper().readTree(checkpointIn(workDir).orElseThrow().toFile());
        assertThat(checkpointed.path("frames_done").asInt()).as("frames done at the kill").isPositive();
        assertThat(data.resolve("episodes/crash/detect/faces.jsonl")).as("detect had not finished at the kill")
                .doesNotExist();

        try (FaceReelProcess again = FaceReelProcess.run(work, RUN_LIMIT, detectArgs(data))) {
            assertThat(again.exitCode()).as(again.describe()).isZero();
            assertThat(again.stderrLines()).as(again.describe()).anyMatch(l -> l.contains("resuming"))
                    .as("the resumed run starts after the checkpoint")
                    .noneMatch(l -> l.contains(" frames 1/84 "));
        }
        assertThat(workDir).doesNotExist();
        assertThat(Files.readAllBytes(data.resolve("episodes/crash/detect/faces.jsonl")))
                .as("detect/faces.jsonl of the resumed run").isEqualTo(clean);
    }

    @Test
    void status_afterOwnerKilled9_readsDeadAtOnce() throws IOException {
        Path data = work.resolve("data");
        String[] args = {"analyze", SharedAssets.media("episode_synth.mp4").toString(), "--episode", "Dead",
                "--data", data.toString(), "--heartbeat", "500ms", "--stall-after", "60s"};
        long pid;
        try (FaceReelProcess victim = FaceReelProcess.start(work, args)) {
            pid = victim.pid();
            victim.awaitStderrLine(l -> l.startsWith("detect running "), "a detect progress line", RUN_LIMIT);
            victim.signal("KILL");
            assertThat(victim.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        }
        long killedAt = System.nanoTime();

        JsonNode status = FaceReelProcess.status(work, data, "Dead");
        double secondsSinceKill = (System.nanoTime() - killedAt) / 1e9;
        assertThat(secondsSinceKill).as("status answered well before --stall-after 60s").isLessThan(30);
        JsonNode detect = status.path("stages").path("detect");
        assertThat(detect.path("status").asText()).as(status.toString()).isEqualTo("dead");
        assertThat(detect.path("owner_pid").asLong()).isEqualTo(pid);
        assertThat(status.path("active_job_id").asText()).isEqualTo(detect.path("job_id").asText()).isNotBlank();
        assertThat(detect.path("message").asText()).contains("pid " + pid);
    }

    /** detect/faces.jsonl of an uninterrupted run with the same settings. */
    private byte[] cleanFaces() throws IOException {
        Path clean = work.resolve("clean");
        try (FaceReelProcess p = FaceReelProcess.run(work, RUN_LIMIT, detectArgs(clean))) {
            assertThat(p.exitCode()).as(p.describe()).isZero();
            assertThat(p.stderr()).doesNotContain("resuming");
        }
        return Files.readAllBytes(clean.resolve("episodes/crash/detect/faces.jsonl"));
    }

    /** The frames done in a plain progress line such as {@code detect running 27% frames 23/84 heartbeat 7: …}. */
    private static int framesDone(String line) {
        Matcher m = FRAMES.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String[] detectArgs(Path data) {
        List<String> args = new ArrayList<>(List.of("analyze", SharedAssets.media("episode_synth.mp4").toString(),
                "--episode", "Crash", "--data", data.toString(), "--until", "detect", "--sample-fps", "2",
                "--detector", "scrfd", "--detector-model", SharedAssets.model("scrfd_2.5g_bnkps.onnx").toString(),
                "--heartbeat", "500ms", "--stall-after", "3s"));
        return args.toArray(String[]::new);
    }

    /** The checkpoint in the running detect worker's own work folder, if it has written one. */
    private static Optional<Path> checkpointIn(Path workDir) {
        try (Stream<Path> files = Files.walk(workDir)) {
            return files.filter(p -> p.getFileName().toString().equals("checkpoint.json")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
