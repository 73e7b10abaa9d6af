package dev.facereel.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.jobs.Lease;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.jobs.RuntimeTracker;
import dev.facereel.spi.testing.SharedAssets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A job whose owner is alive and heartbeats but has not moved for longer than no-progress-after (here this test
 * process plays that owner) gets the stalled warning, not the dead one.
 */
class StalledJobIT extends WorkspaceBrowserTest {
    private static final String KEY = "stalled";

    @Test
    void stalledJob_heartbeatsWithoutProgress_showsTheStalledWarning() {
        String video = SharedAssets.media("episode_synth.mp4").toString().replace("\\", "\\\\");
        assertThat(Workspaces.post(server, "/api/episodes", "{\"id\":\"" + KEY + "\",\"video\":\"" + video + "\"}")
                .status()).isEqualTo(201);
        EpisodeKey key = EpisodeKey.of(KEY);
        JobStorage files = JobStorage.onFiles(data);
        JobStore store = files.jobs();
        RuntimeTracker runtime = files.runtime();
        LockManager locks = files.locks();
        Instant longAgo = Instant.now().minusSeconds(300);
        JobId id = JobId.create(Stage.DETECT, key, longAgo, 0x5a11);
        Lease lease = locks.acquire(key, id, owner -> false);
        try {
            store.create(JobEnvelope.create(id, key, Stage.DETECT, List.of(Stage.DETECT), Map.of(), lease.epoch(), longAgo)
                    .withStatus(JobStatus.RUNNING, longAgo)
                    .withStage(Stage.DETECT, s -> s.withStatus(JobStatus.RUNNING, "detect", longAgo)
                            .withProgress(10, 210, 9, longAgo), longAgo));
            runtime.setActive(key, Stage.DETECT, id);

            browser.driver.get(Workspaces.episodeUrl(server, KEY));
            browser.await(Duration.ofSeconds(15), "the stalled warning", d -> {
                Instant now = Instant.now();
                store.update(id, lease.epoch(), e -> e.withStage(Stage.DETECT, s -> s.heartbeat(now), now));
                return browser.visible("#stalled-warning");
            });

            assertThat(browser.text("#stalled-text")).contains(id.value()).contains("is stalled")
                    .contains("no progress for");
            assertThat(browser.visible("#dead-warning")).isFalse();
            assertThat(browser.find("#run-detect").isEnabled()).isFalse();
            assertThat(browser.find("#run-detect").getAttribute("title"))
                    .isEqualTo("Detect job stalled. Use Resume or Cancel below.");
            assertThat(browser.visible("#cancel-stalled-button")).isTrue();
            assertThat(browser.visible("#force-stalled-button")).isTrue();
            browser.screenshot("stalled-job");

            // the forced stop refuses to terminate this very process (it owns the job here), and says so
            browser.find("#force-stalled-button").click();
            browser.await(Duration.ofSeconds(15), "the forced stop's answer", d -> browser.visible("#page-error"));
            assertThat(browser.text("#page-error")).contains("runs in this process");
            // Cancel asked the job to stop; its owner (this test) does not react: a forced cancel in the owner
            // process is refused; the request stays recorded
            assertThat(store.find(id).orElseThrow().cancelRequested()).isTrue();
            browser.find("#cancel-stalled-button").click();
            browser.await(Duration.ofSeconds(5), "the cancel answered", d -> !browser.text("#page-error")
                    .contains("runs in this process"));
        } finally {
            store.update(id, lease.epoch(), e -> e.finish(JobStatus.CANCELED, "canceled", Instant.now()));
            runtime.clear(key, id);
            locks.release(lease);
        }
    }
}
