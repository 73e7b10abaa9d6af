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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An {@code analyze} process killed with SIGKILL: status reports it dead at once, and analyze resumes it. */
class KillAndResumeIT {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path work;

    @Test
    void analyze_afterKill9DuringDetect_resumesAndWritesTheSameFacesAsACleanRun() throws Exception {
        Path clean = work.resolve("clean");
        try (FaceReelProcess p = FaceReelProcess.run(work, RUN_LIMIT, detectArgs(clean))) {
            assertThat(p.exitCode()).as(p.describe()).isZero();
            assertThat(p.stderr()).doesNotContain("resuming");
        }

        Path data = work.resolve("killed");
        Path checkpoint = data.resolve("episodes/crash/detect/work/checkpoint.json");
        try (FaceReelProcess victim = FaceReelProcess.start(work, detectArgs(data))) {
            victim.awaitWhileRunning(() -> Files.exists(checkpoint), "detect/work/checkpoint.json", RUN_LIMIT);
            victim.signal("KILL");
            assertThat(victim.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        }
        JsonNode checkpointed = new ObjectMapper().readTree(checkpoint.toFile());
        assertThat(checkpointed.path("frames_done").asInt()).as("frames done at the kill").isPositive();

        try (FaceReelProcess again = FaceReelProcess.run(work, RUN_LIMIT, detectArgs(data))) {
            assertThat(again.exitCode()).as(again.describe()).isZero();
            assertThat(again.stderrLines()).as(again.describe()).anyMatch(l -> l.contains("resuming"));
        }
        assertThat(checkpoint).doesNotExist();
        assertThat(Files.readAllBytes(data.resolve("episodes/crash/detect/faces.jsonl")))
                .as("detect/faces.jsonl of the resumed run")
                .isEqualTo(Files.readAllBytes(clean.resolve("episodes/crash/detect/faces.jsonl")));
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

    private static String[] detectArgs(Path data) {
        List<String> args = new ArrayList<>(List.of("analyze", SharedAssets.media("episode_synth.mp4").toString(),
                "--episode", "Crash", "--data", data.toString(), "--until", "detect", "--sample-fps", "5",
                "--detector", "scrfd", "--detector-model", SharedAssets.model("scrfd_2.5g_bnkps.onnx").toString(),
                "--heartbeat", "500ms", "--stall-after", "3s"));
        return args.toArray(String[]::new);
    }
}
