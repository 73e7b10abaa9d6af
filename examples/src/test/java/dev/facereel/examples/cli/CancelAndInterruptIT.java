package dev.facereel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a running {@code analyze}: {@code facereel cancel} from another process, and Ctrl-C (SIGINT). */
class CancelAndInterruptIT {
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path work;

    @Test
    void cancel_fromSecondProcess_stopsAnalyzeWithExit5_withinAHeartbeatAndTwoSeconds() throws IOException {
        Path data = work.resolve("data");
        try (FaceReelProcess analyze = FaceReelProcess.start(work, analyzeArgs(data, "Canceled"))) {
            analyze.awaitStderrLine(l -> l.startsWith("detect running "), "a detect progress line", LIMIT);
            try (FaceReelProcess cancel = FaceReelProcess.start(work, "cancel", "--episode", "Canceled", "--data",
                    data.toString())) {
                // The clock starts when the request is on disk: the cancel process's own start-up is not the
                // worker's to answer for.
                analyze.awaitWhileRunning(() -> cancelRequested(data), "jobs/<id>/cancel_requested", LIMIT);
                long requestedAt = System.nanoTime();
                assertThat(analyze.awaitExit(LIMIT)).as(analyze.describe()).isEqualTo(5);
                Duration stopped = Duration.ofNanos(System.nanoTime() - requestedAt);
                assertThat(stopped).as("from the cancel request to the exit of analyze")
                        .isLessThanOrEqualTo(HEARTBEAT.plusSeconds(2));
                assertThat(cancel.awaitExit(LIMIT)).as(cancel.describe()).isZero();
            }
            assertThat(analyze.stdout()).as("no summary for a canceled job").isEmpty();
        }
        JsonNode status = FaceReelProcess.status(work, data, "Canceled");
        assertThat(status.path("active_job_id").isNull()).as(status.toString()).isTrue();
        assertThat(status.path("stages").path("detect").path("status").asText()).isEqualTo("canceled");
        assertThat(data.resolve("episodes/canceled/lease.json")).doesNotExist();
    }

    @Test
    void interrupt_duringDetect_exits130_andLeavesNoActiveJob() {
        Path data = work.resolve("data");
        try (FaceReelProcess analyze = FaceReelProcess.start(work, analyzeArgs(data, "Interrupted"))) {
            analyze.awaitStderrLine(l -> l.startsWith("detect running "), "a detect progress line", LIMIT);
            analyze.signal("INT");
            assertThat(analyze.awaitExit(LIMIT)).as(analyze.describe()).isEqualTo(130);
            assertThat(analyze.stderr()).contains("interrupted");
        }
        JsonNode status = FaceReelProcess.status(work, data, "Interrupted");
        assertThat(status.path("active_job_id").isNull()).as(status.toString()).isTrue();
        assertThat(status.path("stages").path("detect").path("status").asText()).isEqualTo("canceled");
        assertThat(data.resolve("episodes/interrupted/lease.json")).doesNotExist();
    }

    private static String[] analyzeArgs(Path data, String episode) {
        return new String[] {"analyze", SharedAssets.media("episode_synth.mp4").toString(), "--episode", episode,
                "--data", data.toString(), "--sample-fps", "5", "--heartbeat", HEARTBEAT.toMillis() + "ms",
                "--stall-after", "3s"};
    }

    private static boolean cancelRequested(Path data) {
        Path jobs = data.resolve("jobs");
        if (!Files.isDirectory(jobs)) {
            return false;
        }
        try (Stream<Path> dirs = Files.list(jobs)) {
            return dirs.anyMatch(d -> Files.exists(d.resolve("cancel_requested")));
        } catch (IOException e) {
            return false;
        }
    }
}
