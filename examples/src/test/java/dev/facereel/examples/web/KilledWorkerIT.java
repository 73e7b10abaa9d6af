package dev.facereel.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * With {@code --worker-processes}, each job runs in a child JVM. Killing it with SIGKILL makes the page show the
 * dead job at once (same host: the owner pid is gone); Resume continues from the checkpoint, Cancel clears it.
 */
class KilledWorkerIT extends WorkspaceBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "killed";

    @Override
    boolean workerProcesses() {
        return true;
    }

    @BeforeEach
    void registerEpisode() throws Exception {
        String video = SharedAssets.media("episode_synth.mp4").toString().replace("\\", "\\\\");
        assertThat(Workspaces.post(server, "/api/episodes", "{\"id\":\"" + KEY + "\",\"video\":\"" + video + "\"}")
                .status()).isEqualTo(201);
    }

    @Test
    void killedWorker_resume_continuesFromTheCheckpointAndFinishes() throws Exception {
        String jobId = startDetectAndKillItsWorker("killed-worker-1-dead");
        // With no checkpoint yet resume starts at frame 0; with one it must start there.
        long checkpoint = checkpointFramesDone();

        browser.find("#resume-button").click();
        browser.await(Duration.ofSeconds(10), "the warning to go", d -> !browser.visible("#dead-warning"));
        assertThat(browser.text("#job-banner")).isEqualTo("Detect job active: " + jobId);
        long firstAfterResume = awaitApi(Duration.ofSeconds(30), "detect progress after resume", view -> {
            JsonNode a = view.path("active");
            return a.path("job_id").asText().equals(jobId) && a.path("state").asText().equals("running")
                    && a.path("frames_done").asLong() > 0 ? a.path("frames_done").asLong() : null;
        });
        assertThat(firstAfterResume).as("detect resumes at its checkpoint, not at frame 0").isGreaterThanOrEqualTo(checkpoint);
        browser.await(Duration.ofSeconds(5), "the page's progress after resume", d -> browser.visible("#progress")
                && browser.text("#progress-message").matches("detect \\d+/210 frames"));
        browser.screenshot("killed-worker-2-resumed");

        browser.await(Duration.ofSeconds(120), "the resumed job to finish",
                d -> !browser.visible("#job-banner") && browser.find("#run-detect").isEnabled());
        assertThat(browser.text("#timeline")).contains("Detect: done");
        assertThat(browser.text("tr[data-stage=detect]")).contains("succeeded").contains(jobId);
        JsonNode status = Workspaces.get(server, "/api/episodes/" + KEY + "/status").body();
        assertThat(status.path("active_job_id").isNull()).isTrue();
        assertThat(status.path("stages").path("detect").path("status").asText()).isEqualTo("succeeded");
        browser.screenshot("killed-worker-3-finished");
    }

    @Test
    void killedWorker_cancel_clearsTheJobAndANewOneCanStart() {
        String jobId = startDetectAndKillItsWorker("killed-worker-4-dead");

        browser.find("#cancel-dead-button").click();
        browser.await(Duration.ofSeconds(10), "the job to be cleared", d -> !browser.visible("#dead-warning")
                && !browser.visible("#job-banner") && browser.find("#run-detect").isEnabled());
        assertThat(browser.text("#timeline")).contains("Job " + jobId + " was canceled.");
        assertThat(Workspaces.get(server, "/api/episodes/" + KEY + "/status").body().path("active_job_id").isNull())
                .isTrue();

        browser.find("#run-detect").click();
        String banner = browser.await(Duration.ofSeconds(60), "a new job", d -> browser.visible("#job-banner")
                ? browser.text("#job-banner") : null);
        assertThat(banner).startsWith("Detect job active: detect_" + KEY + "_").doesNotContain(jobId);
        browser.screenshot("killed-worker-5-new-job");

        browser.await(Duration.ofSeconds(20), "the new job's heartbeat",
                d -> browser.text("#heartbeat").startsWith("last heartbeat"));
        browser.find("#cancel-button").click();
        browser.await(Duration.ofSeconds(20), "the new job to stop",
                d -> !browser.visible("#job-banner") && browser.find("#run-detect").isEnabled());
    }

    /** Starts Detect from the page, kills its worker once it has made progress, and waits for the dead warning. */
    private String startDetectAndKillItsWorker(String screenshot) {
        browser.driver.get(Workspaces.episodeUrl(server, KEY));
        browser.await(Duration.ofSeconds(10), "the page", d -> browser.find("#run-detect").isEnabled());
        browser.find("#run-detect").click();
        String banner = browser.await(Duration.ofSeconds(60), "the job banner",
                d -> browser.visible("#job-banner") ? browser.text("#job-banner") : null);
        String jobId = banner.substring("Detect job active: ".length());
        long pid = awaitApi(Duration.ofSeconds(90), "the worker to detect some frames", view -> {
            JsonNode a = view.path("active");
            return a.path("frames_done").asLong() >= 20 ? a.path("owner_pid").asLong() : null;
        });
        assertThat(pid).as("the job runs in a child process").isNotEqualTo(ProcessHandle.current().pid());
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
        assertThat(worker.parent().map(ProcessHandle::pid)).contains(ProcessHandle.current().pid());
        worker.destroyForcibly();

        browser.await(Workspaces.STALL_AFTER.plusSeconds(2), "the dead warning", d -> browser.visible("#dead-warning"));
        assertThat(browser.text("#dead-text")).contains("Job " + jobId + " is dead").contains("owner process is gone");
        assertThat(browser.find("#resume-button").isEnabled()).isTrue();
        assertThat(browser.find("#cancel-dead-button").isEnabled()).isTrue();
        assertThat(browser.driver.findElements(By.cssSelector(".stage-button"))).noneMatch(WebElement::isEnabled);
        assertThat(browser.find("#run-detect").getAttribute("title"))
                .isEqualTo("Detect job dead. Use Resume or Cancel below.");
        browser.screenshot(screenshot);
        return jobId;
    }

    private long checkpointFramesDone() {
        Path file = data.resolve("episodes").resolve(KEY).resolve("detect").resolve("work").resolve("checkpoint.json");
        try {
            return Files.exists(file) ? JSON.readTree(Files.readAllBytes(file)).path("frames_done").asLong() : 0;
        } catch (java.io.IOException e) {
            return 0; // being replaced; read again on the next poll
        }
    }

    private <T> T awaitApi(Duration timeout, String what, java.util.function.Function<JsonNode, T> condition) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        return new FluentWait<>(server).withTimeout(timeout).pollingEvery(Duration.ofMillis(100))
                .withMessage(() -> "waiting for " + what + "; last seen " + last.get())
                .until(s -> {
                    JsonNode view = Workspaces.get(s, "/api/episodes/" + KEY).body();
                    last.set(view);
                    return condition.apply(view);
                });
    }
}
