package dev.facereel.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Adds the synthetic episode in the browser, clusters it from nothing, refreshes mid-detect and sees the gallery. */
class ClusterInBrowserIT extends WorkspaceBrowserTest {
    private static final String AUTO_RUN = "Auto-running Detect → Track → Stills before clustering…";
    private static final String PREREQUISITES_DONE = "Prerequisites complete, starting clustering…";


    @Test
    void cluster_fromNothing_autoRunsPrerequisitesSurvivesRefreshAndShowsIdentities() {
        Path video = SharedAssets.media("episode_synth.mp4");
        browser.driver.get(server.uri().toString());
        browser.find("#episode-id").sendKeys("SYNTH_S01_E01");
        browser.find("#episode-video").sendKeys(video.toString());
        browser.find("#add-button").click();
        browser.await(Duration.ofSeconds(10), "the episode page", d -> browser.text("#video-name").equals("episode_synth.mp4"));
        assertThat(browser.driver.getCurrentUrl()).contains("episode.html?key=synth_s01_e01");
        assertThat(browser.find("#run-cluster").isEnabled()).isTrue();

        browser.find("#run-cluster").click();
        browser.await(Duration.ofSeconds(2), "the auto-run message at once",
                d -> browser.visible("#timeline") && browser.text("#timeline li:first-child").equals(AUTO_RUN));
        String banner = browser.await(Duration.ofSeconds(20), "the job banner",
                d -> browser.visible("#job-banner") ? browser.text("#job-banner") : null);
        assertThat(banner).startsWith("Cluster job active: cluster_synth_s01_e01_");
        String jobId = banner.substring("Cluster job active: ".length());
        assertThat(stageButtons()).noneMatch(WebElement::isEnabled);
        assertThat(browser.find("#run-detect").getAttribute("title")).isEqualTo("Cluster job already running: " + jobId);

        int first = browser.await(Duration.ofSeconds(60), "detect progress above 0",
                d -> browser.text("#progress-stage").startsWith("Detect") && pct() > 0 ? pct() : null);
        browser.await(Duration.ofSeconds(20), "progress to move", d -> pct() > first);
        assertThat(browser.text("#heartbeat")).matches("last heartbeat \\d+\\.\\d s ago");
        browser.screenshot("cluster-1-detect-progress");

        int beforeRefresh = pct();
        assertThat(Workspaces.get(server, "/api/episodes/synth_s01_e01").body().path("active").path("step").asText())
                .as("the refresh happens mid-detect").isEqualTo("detect");
        browser.driver.navigate().refresh();
        browser.await(Duration.ofSeconds(10), "the banner after the refresh",
                d -> browser.visible("#job-banner") && browser.text("#job-banner").equals("Cluster job active: " + jobId));
        assertThat(stageButtons()).noneMatch(WebElement::isEnabled);
        assertThat(browser.text("#timeline li:first-child")).isEqualTo(AUTO_RUN);
        assertThat(pct()).isGreaterThanOrEqualTo(beforeRefresh);
        int afterRefresh = pct();
        browser.await(Duration.ofSeconds(20), "the bar to continue after the refresh", d -> pct() > afterRefresh);
        browser.screenshot("cluster-2-after-refresh");

        browser.await(Duration.ofSeconds(180), "the identities gallery", d -> browser.visible("#gallery-section"));
        assertThat(browser.driver.findElements(By.cssSelector("#timeline li"))).extracting(WebElement::getText)
                .contains(AUTO_RUN, "Detect: done", "Track: done", "Stills: done", PREREQUISITES_DONE, "Cluster: done");
        assertThat(browser.visible("#job-banner")).isFalse();
        assertThat(stageButtons()).allMatch(WebElement::isEnabled);
        List<WebElement> cards = browser.driver.findElements(By.cssSelector("#gallery .identity"));
        assertThat(cards).isNotEmpty();
        assertThat(cards).hasSize(Workspaces.get(server, "/api/episodes/synth_s01_e01").body().path("identities").size());
        for (WebElement card : cards) {
            WebElement still = card.findElement(By.cssSelector("img.still"));
            browser.await(Duration.ofSeconds(10), "the still of " + card.getAttribute("data-identity"),
                    d -> (Boolean) browser.driver.executeScript(
                            "return arguments[0].complete && arguments[0].naturalWidth > 0;", still));
            assertThat(card.findElement(By.cssSelector(".screen-time")).getText()).matches("\\d+\\.\\d s on screen");
            assertThat(card.findElement(By.cssSelector(".track-count")).getText()).matches("\\d+ tracks?");
        }
        browser.screenshot("cluster-3-gallery");

        // everything is done: clustering again announces no prerequisites, neither in the page nor in the job
        browser.find("#run-cluster").click();
        browser.await(Duration.ofSeconds(60), "the second cluster job to end", d -> {
            var last = Workspaces.get(server, "/api/episodes/synth_s01_e01").body();
            return last.path("active").isNull() && !last.path("last_job").path("job_id").asText().equals(jobId)
                    && browser.visible("#gallery-section");
        });
        var second = Workspaces.get(server, "/api/episodes/synth_s01_e01").body().path("last_job");
        assertThat(second.path("auto_run").isNull()).as(second.toString()).isTrue();
        assertThat(browser.driver.findElements(By.cssSelector("#timeline li"))).extracting(WebElement::getText)
                .noneMatch(l -> l.startsWith("Auto-running"));
        assertThat(browser.find("#run-detect").getAttribute("title")).isNullOrEmpty();
    }

    private int pct() {
        String text = browser.text("#progress-pct");
        return text.endsWith("%") ? Integer.parseInt(text.substring(0, text.length() - 1)) : -1;
    }

    private List<WebElement> stageButtons() {
        return browser.driver.findElements(By.cssSelector(".stage-button"));
    }
}
