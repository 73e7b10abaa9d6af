package dev.facereel.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.spi.testing.SharedAssets;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * A server with an access token: the API refuses callers without it (401), state-changing requests from another
 * origin or without the CSRF token (403), uploads that are too large or not images, paths outside the media folders;
 * a person's name made of HTML shows as text; and two tabs of the people page: the stale one gets 409.
 */
class SafetyIT {
    private static final String TOKEN = "open-sesame-7f3a9c";
    private static final String XSS = "<img src=x onerror=alert(1)>";

    @TempDir
    Path data;
    @TempDir
    Path media;

    WebServer server;
    Browser browser;

    @BeforeEach
    void start() throws Exception {
        Browser.requireChromium();
        server = WebServer.start(Workspaces.withModels(Workspaces.settings(data)).withAccess("127.0.0.1", TOKEN)
                .withMedia(List.of(media)));
        browser = Browser.open();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void api_withoutTheToken_is401_foreignOriginOrNoCsrfIs403_badUploadsAndPathsAreRefused() throws Exception {
        assertThat(Workspaces.get(server, "/api/episodes").status()).isEqualTo(401);
        assertThat(Workspaces.get(server, "/api/episodes").body().path("error").asText()).contains("access token");
        assertThat(Workspaces.get(server, "/api/shows/default/people").status()).isEqualTo(401);
        assertThat(call("POST", "/api/episodes", "{}", false, true, null).status()).isEqualTo(401);
        assertThat(call("POST", "/api/login", "{\"token\":\"wrong-token-123\"}", false, false, null).status()).isEqualTo(401);

        assertThat(call("GET", "/api/episodes", null, true, false, null).status()).isEqualTo(200);
        Workspaces.Answer foreign = call("POST", "/api/episodes", "{\"id\":\"x\",\"video\":\"/x.mp4\"}", true, true,
                "http://evil.example");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body().path("error").asText()).contains("foreign origin");
        assertThat(call("POST", "/api/episodes", "{\"id\":\"x\",\"video\":\"/x.mp4\"}", true, false, null).status())
                .as("no CSRF token").isEqualTo(403);

        byte[] big = new byte[20 * 1024 * 1024 + 1];
        big[0] = (byte) 0xff;
        big[1] = (byte) 0xd8;
        big[2] = (byte) 0xff;
        assertThat(upload("Someone", big).status()).isEqualTo(413);
        assertThat(upload("Someone", "just text, no picture".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(415);
        byte[] fakeJpeg = Arrays.copyOf(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3}, 4096);
        Workspaces.Answer broken = upload("Someone", fakeJpeg);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body().path("error").asText()).doesNotContain("Exception");
        assertThat(Files.list(data.resolve("web/uploads"))).as("no upload is kept").isEmpty();

        Files.createDirectories(media.resolve("season1"));
        Path outside = Files.writeString(data.resolve("outside.mp4"), "x");
        for (String path : List.of(media + "/../", media + "/season1/../../etc", "/etc", data.toString())) {
            Workspaces.Answer a = call("GET", "/api/folders?path=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8),
                    null, true, false, null);
            assertThat(a.status()).as(path).isEqualTo(403);
            assertThat(a.body().path("error").asText()).doesNotContain("Exception");
        }
        assertThat(call("GET", "/api/folders", null, true, false, null).body().path("folders").get(0).path("path")
                .asText()).isEqualTo(media.toRealPath().toString());
        assertThat(call("POST", "/api/episodes", "{\"id\":\"out\",\"video\":\"" + outside + "\"}", true, true, null)
                .status()).isEqualTo(403);
        assertThat(call("POST", "/api/episodes", "{\"id\":\"up\",\"video\":\"" + media + "/../outside.mp4\"}", true, true,
                null).status()).isEqualTo(403);
    }

    @Test
    void browser_logsInWithTheToken_showsAnHtmlNameAsText_andAStaleTabGets409() throws Exception {
        browser.driver.get(server.uri().toString());
        browser.await(Duration.ofSeconds(10), "the login page", d -> browser.driver.getCurrentUrl().contains("/login.html"));
        browser.find("#token").sendKeys("not-the-token");
        browser.find("#login-button").click();
        browser.await(Duration.ofSeconds(5), "the refusal", d -> browser.visible("#login-error"));
        browser.find("#token").clear();
        browser.find("#token").sendKeys(TOKEN);
        browser.find("#login-button").click();
        browser.await(Duration.ofSeconds(10), "the episodes page", d -> browser.driver.getCurrentUrl()
                .equals(server.uri().toString()) && browser.text("#episodes").contains("No episodes yet"));
        browser.screenshot("safety-1-logged-in");

        browser.driver.get(server.uri().resolve("/people.html?show=default").toString());
        browser.await(Duration.ofSeconds(10), "the people page", d -> "true".equals(browser.find("body")
                .getAttribute("data-loaded")));
        browser.find("#person-name").sendKeys(XSS);
        browser.find("#person-photo").sendKeys(SharedAssets.media("faces/obama.jpg").toString());
        browser.find("#add-person-button").click();
        browser.await(Duration.ofSeconds(60), "the new person", d -> !browser.driver.findElements(
                By.cssSelector("#people .person")).isEmpty());
        WebElement name = browser.find("#people .person .person-name");
        assertThat(name.getText()).isEqualTo(XSS);
        assertThat(browser.driver.findElements(By.cssSelector("img[src=x]"))).isEmpty();
        assertNoAlert();
        assertThat(browser.find("#people .person img.photo").getAttribute("src")).matches(".*/api/shows/default/photos/"
                + "[0-9a-f]+\\.jpg");
        browser.screenshot("safety-2-html-name-as-text");

        // a second tab renames; the first, still showing the cast before it, is refused and shows it as it is
        String first = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(WindowType.TAB);
        browser.driver.get(server.uri().resolve("/people.html?show=default").toString());
        browser.await(Duration.ofSeconds(10), "the people page in the second tab", d -> !browser.driver.findElements(
                By.cssSelector("#people .person")).isEmpty());
        browser.find("#people .person .rename-input").sendKeys("Barack Obama");
        browser.find("#people .person .rename-button").click();
        browser.await(Duration.ofSeconds(30), "the rename", d -> browser.text("#people .person .person-name")
                .equals("Barack Obama"));
        browser.driver.switchTo().window(first);
        assertThat(browser.text("#people .person .person-name")).isEqualTo(XSS);
        browser.find("#people .person .rename-input").sendKeys("Someone Else");
        browser.find("#people .person .rename-button").click();
        browser.await(Duration.ofSeconds(30), "the conflict", d -> browser.visible("#page-error"));
        assertThat(browser.text("#page-error")).contains("changed since this page loaded it");
        assertThat(browser.text("#people .person .person-name")).as("the fresh state").isEqualTo("Barack Obama");
        browser.screenshot("safety-3-stale-tab-409");
        assertNoAlert();
    }

    private void assertNoAlert() {
        try {
            browser.driver.switchTo().alert();
            throw new AssertionError("an alert opened");
        } catch (NoAlertPresentException expected) {
            // no script ran
        }
    }

    private Workspaces.Answer upload(String name, byte[] bytes) {
        return Workspaces.send(server, HttpRequest.newBuilder(server.uri().resolve("/api/shows/default/people?name="
                        + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8) + "&version=0"))
                .header("Authorization", "Bearer " + TOKEN).header("X-CSRF-Token", csrf())
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private String csrf() {
        return Workspaces.send(server, HttpRequest.newBuilder(server.uri().resolve("/api/session"))
                .header("Authorization", "Bearer " + TOKEN).GET()).body().path("csrf_token").asText();
    }

    private Workspaces.Answer call(String method, String path, String json, boolean token, boolean csrf, String origin) {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token) {
            r.header("Authorization", "Bearer " + TOKEN);
        }
        if (csrf) {
            r.header("X-CSRF-Token", csrf());
        }
        if (origin != null) {
            r.header("Origin", origin);
        }
        return Workspaces.send(server, r);
    }
}
