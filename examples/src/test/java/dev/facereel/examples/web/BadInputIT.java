package dev.facereel.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad videos and bad requests: visible messages in the page, JSON errors from the API, no job left behind. */
class BadInputIT extends WorkspaceBrowserTest {
    @TempDir
    Path media;

    @Test
    void badVideo_showsTheErrorAndLeavesNoActiveJob() throws Exception {
        browser.driver.get(server.uri().toString());
        browser.find("#episode-id").sendKeys("broken");
        browser.find("#episode-video").sendKeys(media.resolve("missing.mp4").toString());
        browser.find("#add-button").click();
        browser.await(Duration.ofSeconds(5), "the add error", d -> browser.visible("#add-error"));
        assertThat(browser.text("#add-error")).contains("missing.mp4").contains("does not exist");
        browser.screenshot("bad-video-1-missing-file");

        Path notAVideo = Files.writeString(media.resolve("not_a_video.mp4"), "this is text, not a video\n".repeat(100));
        browser.find("#episode-video").clear();
        browser.find("#episode-video").sendKeys(notAVideo.toString());
        browser.find("#add-button").click();
        browser.await(Duration.ofSeconds(10), "the episode page", d -> browser.visible("#run-detect")
                && browser.find("#run-detect").isEnabled() && browser.text("#video-name").equals("not_a_video.mp4"));
        browser.find("#run-detect").click();
        browser.await(Duration.ofSeconds(30), "the job's error", d -> browser.visible("#page-error"));
        assertThat(browser.text("#page-error")).startsWith("Job detect_broken_").contains("failed:");
        browser.await(Duration.ofSeconds(5), "the stage buttons back", d -> browser.find("#run-detect").isEnabled());
        assertThat(browser.visible("#job-banner")).isFalse();
        assertThat(browser.text("tr[data-stage=detect]")).contains("failed");
        browser.screenshot("bad-video-2-job-failed");

        // Cluster runs detect first, as a prerequisite: its failure is the auto-run's
        browser.find("#run-cluster").click();
        browser.await(Duration.ofSeconds(30), "the auto-run's error", d -> browser.visible("#page-error")
                && browser.text("#page-error").startsWith("Auto-run failed: "));
        browser.await(Duration.ofSeconds(5), "the stage buttons back", d -> browser.find("#run-cluster").isEnabled());
        browser.screenshot("bad-video-3-auto-run-failed");

        Workspaces.Answer status = Workspaces.get(server, "/api/episodes/broken/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().path("active_job_id").isNull()).isTrue();
        assertThat(status.body().path("stages").path("detect").path("status").asText()).isEqualTo("failed");
    }

    @Test
    void api_badRequests_get4xxWithAJsonErrorAndNoStackTrace() throws Exception {
        Path video = Files.writeString(media.resolve("clip.mp4"), "x");
        String v = video.toString().replace("\\", "\\\\");
        assertThat(Workspaces.post(server, "/api/episodes", "{\"id\":\"ok_ep\",\"video\":\"" + v + "\"}").status())
                .isEqualTo(201);
        List<Object[]> cases = List.of(
                new Object[] {Workspaces.get(server, "/api/episodes/nope"), 404, "no episode 'nope'"},
                new Object[] {Workspaces.get(server, "/api/episodes/nope/status"), 404, "no episode"},
                new Object[] {Workspaces.get(server, "/api/episodes/..%2Fetc"), 404, "no such API endpoint"},
                new Object[] {Workspaces.post(server, "/api/episodes/nope/jobs", "{\"stage\":\"detect\"}"), 404, "no episode"},
                new Object[] {Workspaces.post(server, "/api/episodes", "{\"id\":\"../x\",\"video\":\"" + v + "\"}"), 400,
                        "invalid episode id"},
                new Object[] {Workspaces.post(server, "/api/episodes", "{not json"), 400, "not valid JSON"},
                new Object[] {Workspaces.post(server, "/api/episodes", "[1]"), 400, "JSON object"},
                new Object[] {Workspaces.post(server, "/api/episodes", "{\"id\":\"a\"}"), 400, "required"},
                new Object[] {Workspaces.post(server, "/api/episodes/ok_ep/jobs", "{\"stage\":\"dance\"}"), 400,
                        "unknown stage 'dance'"},
                new Object[] {Workspaces.post(server, "/api/episodes/ok_ep/jobs", "{}"), 400, "'stage' is required"},
                new Object[] {Workspaces.post(server, "/api/jobs/not-a-job/resume", ""), 400, "invalid job id"},
                new Object[] {Workspaces.post(server, "/api/jobs/not-a-job/cancel", ""), 400, "invalid job id"},
                new Object[] {Workspaces.get(server, "/api/episodes/ok_ep/stills/..jpg"), 400, "invalid still name"},
                new Object[] {Workspaces.get(server, "/api/episodes/ok_ep/stills/t0001.jpg"), 404, "no still"},
                new Object[] {Workspaces.get(server, "/api/nothing"), 404, "no such API endpoint"},
                new Object[] {Workspaces.post(server, "/api/episodes/ok_ep", "{}"), 405, "not allowed"},
                new Object[] {Workspaces.post(server, "/api/episodes/nope/edits", "{\"action\":\"name\"}"), 404,
                        "no episode"},
                new Object[] {Workspaces.post(server, "/api/episodes/ok_ep/edits", "{\"action\":\"name\"}"), 400,
                        "'version'"},
                new Object[] {Workspaces.post(server, "/api/episodes/ok_ep/edits", "{\"action\":\"name\",\"version\":\"7-abc\"}"),
                        409, "changed since this page loaded it"},
                new Object[] {Workspaces.post(server, "/api/episodes/ok_ep/edits", "{\"action\":\"dance\",\"version\":"
                        + "\"" + Workspaces.get(server, "/api/episodes/ok_ep").body().path("version").asText() + "\"}"), 400,
                        "unknown edit action 'dance'"},
                new Object[] {Workspaces.post(server, "/api/episodes/ok_ep/edits", "{\"action\":\"name\",\"identity\":\"p01\","
                        + "\"name\":\"X\",\"version\":\"" + Workspaces.get(server, "/api/episodes/ok_ep").body()
                        .path("version").asText() + "\"}"), 400, "no identities yet"},
                new Object[] {Workspaces.get(server, "/api/episodes/ok_ep/export.csv"), 404, "no identities yet"},
                new Object[] {Workspaces.post(server, "/api/jobs/not-a-job/cancel", "{\"force\":true}"), 400, "invalid job id"},
                new Object[] {Workspaces.get(server, "/api/shows/Bad..Show"), 400, "show"},
                new Object[] {Workspaces.get(server, "/api/shows/default/photos/..jpg"), 400, "invalid photo name"},
                new Object[] {Workspaces.get(server, "/api/shows/default/photos/abc.jpg"), 404, "no photo"},
                new Object[] {Workspaces.post(server, "/api/shows/default/people/c999/rename", "{\"name\":\"A\",\"version\":\"0\"}"),
                        404, "no person c999"},
                new Object[] {Workspaces.post(server, "/api/shows/default/people/c999/remove", "{}"), 400, "'version'"},
                new Object[] {Workspaces.post(server, "/api/shows/default/analyse", "{\"episodes\":\"x\"}"), 400,
                        "list of episode keys"},
                new Object[] {Workspaces.post(server, "/api/shows/default/analyse", "{\"episodes\":[\"nope\"]}"), 404,
                        "no episode"},
                new Object[] {Workspaces.post(server, "/api/shows/default/folder", "{\"folder\":\"/etc\"}"), 403,
                        "outside the media folders"},
                new Object[] {Workspaces.get(server, "/api/folders?path=%2Fetc"), 403, "outside the media folders"},
                new Object[] {Workspaces.get(server, "/api/folders?path=..%2Fetc"), 403, "'..'"},
                new Object[] {Workspaces.post(server, "/api/episodes", "{\"id\":\"rel\",\"video\":\"clip.mp4\"}"), 400,
                        "absolute path"},
                new Object[] {Workspaces.post(server, "/api/episodes", "{\"id\":\"up\",\"video\":\"" + media
                        + "/../clip.mp4\"}"), 403, "'..'"});
        for (Object[] c : cases) {
            Workspaces.Answer a = (Workspaces.Answer) c[0];
            assertThat(a.status()).as(a.body().toString()).isEqualTo(c[1]);
            assertThat(a.body().path("error").asText()).contains((String) c[2]).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(Workspaces.get(server, "/api/episodes/ok_ep/status").body().path("active_job_id").isNull()).isTrue();
        assertThat(Workspaces.text(server, "/api/shows/default/season.csv")).isEqualTo("person,total_s,share\n");
    }
}
