package dev.facereel.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.spi.testing.SharedAssets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/** A second page on an episode whose job runs sees the job and cannot start another; the API answers 409. */
class SecondPageIT extends WorkspaceBrowserTest {

    @Test
    void secondPage_whileJobRuns_disablesStagesAndApiRefusesWith409() {
        String video = SharedAssets.media("episode_synth.mp4").toString().replace("\\", "\\\\");
        assertThat(Workspaces.post(server, "/api/episodes", "{\"id\":\"twice\",\"video\":\"" + video + "\"}").status())
                .isEqualTo(201);
        browser.driver.get(Workspaces.episodeUrl(server, "twice"));
        browser.await(Duration.ofSeconds(10), "the page", d -> browser.find("#run-detect").isEnabled());
        browser.find("#run-detect").click();
        String banner = browser.await(Duration.ofSeconds(20), "the job banner",
                d -> browser.visible("#job-banner") ? browser.text("#job-banner") : null);
        assertThat(banner).startsWith("Detect job active: detect_twice_");
        String jobId = banner.substring("Detect job active: ".length());
        String first = browser.driver.getWindowHandle();

        browser.driver.switchTo().newWindow(WindowType.TAB);
        browser.driver.get(Workspaces.episodeUrl(server, "twice"));
        browser.await(Duration.ofSeconds(10), "the banner on the second page",
                d -> browser.visible("#job-banner") && browser.text("#job-banner").equals("Detect job active: " + jobId));
        browser.await(Duration.ofSeconds(5), "the heartbeat on the second page",
                d -> browser.text("#heartbeat").startsWith("last heartbeat "));
        assertThat(browser.driver.findElements(By.cssSelector(".stage-button")))
                .hasSize(Workspaces.get(server, "/api/stages").body().path("stages").size()).noneMatch(WebElement::isEnabled);
        browser.screenshot("second-page-disabled");

        Workspaces.Answer refused = Workspaces.post(server, "/api/episodes/twice/jobs", "{\"stage\":\"cluster\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("job_id").asText()).isEqualTo(jobId);
        assertThat(refused.body().path("error").asText()).contains(jobId);

        browser.find("#cancel-button").click();
        browser.await(Duration.ofSeconds(10), "the job to end on the second page",
                d -> !browser.visible("#job-banner") && browser.find("#run-detect").isEnabled());
        assertThat(browser.text("#timeline")).contains("Job " + jobId + " was canceled.");
        browser.driver.switchTo().window(first);
        browser.await(Duration.ofSeconds(5), "the job to end on the first page",
                d -> !browser.visible("#job-banner") && browser.find("#run-detect").isEnabled());
        assertThat(Workspaces.get(server, "/api/episodes/twice/status").body().path("active_job_id").isNull()).isTrue();
    }
}
