package dev.facereel.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.spi.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The season in the browser, on one data root analysed once with the real ONNX models: name the cast of episode 1 on
 * its page, add and analyse episode 2 from the season page (the cast comes back named, the newcomer unnamed), name
 * her by uploading a frame of her, check the season table's totals against the truth, then merge, move, split and
 * "not this person", each surviving a refresh and a re-cluster, and a stale edit from a second tab refused with 409.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CastPagesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOW = "synth";
    private static final String E1 = "synth_e01";
    private static final String E2 = "episode_synth_e02";
    private static final Map<String, String> NAMES = Map.of("obama", "Barack Obama", "biden", "Joe Biden",
            "rose_leslie", "Rose Leslie", "kit_harington", "Kit Harington", "nathalie_baye", "Nathalie Baye");

    private Path data;
    private Path media;
    private WebServer server;
    private Browser browser;

    @BeforeAll
    void startServerAndBrowser() throws Exception {
        Browser.requireChromium();
        data = Files.createTempDirectory("facereel-cast-data-");
        media = Files.createTempDirectory("facereel-cast-media-");
        Files.createDirectories(media.resolve("s1"));
        Files.createDirectories(media.resolve("s2"));
        Files.copy(SharedAssets.media("episode_synth.mp4"), media.resolve("s1/episode_synth.mp4"));
        Files.copy(SharedAssets.media("episode_synth_e02.mp4"), media.resolve("s2/episode_synth_e02.mp4"));
        // two frames a second: enough for the truth's shots of 2 to 4 s, and half the detect work of the default
        server = WebServer.start(Workspaces.withModels(Workspaces.settings(data)).withSampleFps(2)
                .withMedia(List.of(media)));
        browser = Browser.open();
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        for (Path p : List.of(data, media)) {
            try (Stream<Path> files = Files.walk(p)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void episode1_castNamedInTheBrowser_namesSurviveARefresh() throws Exception {
        String video = media.resolve("s1/episode_synth.mp4").toString();
        assertThat(Workspaces.post(server, "/api/episodes", "{\"id\":\"" + E1 + "\",\"video\":\"" + video
                + "\",\"show\":\"" + SHOW + "\"}").status()).isEqualTo(201);
        assertThat(Workspaces.post(server, "/api/episodes/" + E1 + "/jobs", "{\"stage\":\"name\"}").status())
                .isEqualTo(202);
        awaitAnalysed(E1);

        Map<String, String> truth = truthNames(E1, "episode_synth.truth.json");
        assertThat(truth.values()).contains("obama", "biden", "rose_leslie", "kit_harington");
        browser.driver.get(Workspaces.episodeUrl(server, E1));
        browser.await(Duration.ofSeconds(15), "the gallery", d -> browser.visible("#gallery .identity"));
        Map<String, String> named = new HashMap<>();
        for (Map.Entry<String, String> e : truth.entrySet()) {
            if (named.containsValue(e.getValue())
                    || browser.driver.findElements(By.cssSelector("#gallery .identity[data-identity=" + e.getKey()
                    + "]")).isEmpty()) {
                continue;   // one identity per person is enough to name them; naming one may have merged another
            }
            String name = NAMES.get(e.getValue());
            nameInPage(e.getKey(), name);
            named.put(e.getKey(), e.getValue());
        }
        browser.screenshot("cast-1-episode1-named");
        browser.driver.navigate().refresh();
        browser.await(Duration.ofSeconds(15), "the gallery after the refresh", d -> browser.visible("#gallery .identity"));
        for (Map.Entry<String, String> e : named.entrySet()) {
            assertThat(card(e.getKey()).findElement(By.cssSelector(".person-name")).getText())
                    .isEqualTo(NAMES.get(e.getValue()));
        }
    }

    @Test
    @Order(2)
    void episode2_analysedFromTheSeasonPage_castNamedAndTheNewcomerUnnamed() throws Exception {
        browser.driver.get(server.uri().resolve("/season.html?show=" + SHOW).toString());
        browser.await(Duration.ofSeconds(10), "the media root", d -> !browser.driver.findElements(
                By.cssSelector("#folder-list li")).isEmpty());
        browser.find("#folder-list li").click();
        browser.await(Duration.ofSeconds(10), "the sub-folders", d -> browser.driver.findElements(
                By.cssSelector("#folder-list li")).stream().anyMatch(li -> li.getText().endsWith("s2")));
        browser.driver.findElements(By.cssSelector("#folder-list li")).stream()
                .filter(li -> li.getText().endsWith("s2")).findFirst().orElseThrow().click();
        browser.await(Duration.ofSeconds(10), "the folder's video", d -> browser.text("#folder-videos")
                .contains("episode_synth_e02.mp4") && browser.find("#add-folder").isEnabled());
        browser.find("#add-folder").click();
        browser.await(Duration.ofSeconds(10), "episode 2 in the list", d -> browser.visible("tr[data-episode=" + E2 + "]"));
        browser.screenshot("cast-2-season-analysing");
        browser.await(Duration.ofSeconds(240), "episode 2 analysed", d -> browser.text(
                "tr[data-episode=" + E2 + "] .episode-state").equals("done"));

        Map<String, String> truth = truthNames(E2, "episode_synth_e02.truth.json");
        JsonNode identities = describe(E2).path("identities");
        for (JsonNode i : identities) {
            String who = truth.get(i.path("id").asText());
            if (who == null || i.path("incidental").asBoolean()) {
                continue;
            }
            if (who.equals("nathalie_baye")) {
                assertThat(i.path("name").isNull()).as("the newcomer stays unknown: " + i).isTrue();
            } else {
                assertThat(i.path("name").asText()).as(i.toString()).isEqualTo(NAMES.get(who));
                assertThat(i.path("match").path("by_user").asBoolean()).isFalse();
            }
        }
        browser.driver.get(Workspaces.episodeUrl(server, E2));
        browser.await(Duration.ofSeconds(15), "the gallery", d -> browser.visible("#gallery .identity"));
        assertThat(browser.driver.findElements(By.cssSelector("#gallery .unnamed"))).isNotEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("#gallery .match"))).extracting(WebElement::getText)
                .anyMatch(t -> t.matches("auto match 0\\.\\d\\d.*"));
        browser.screenshot("cast-3-episode2-auto-named");
    }

    @Test
    @Order(3)
    void newcomer_namedByUploadingAFrameOfHer_seasonTotalsMatchTheTruth() throws Exception {
        Path frame = data.resolve("nathalie.jpg");
        cutFrame(SharedAssets.media("episode_synth_e02.mp4"), firstShotOf("episode_synth_e02.truth.json",
                "nathalie_baye"), frame);
        browser.driver.get(server.uri().resolve("/people.html?show=" + SHOW).toString());
        browser.await(Duration.ofSeconds(10), "the people", d -> browser.driver.findElements(
                By.cssSelector("#people .person")).size() == 4);
        browser.find("#person-name").sendKeys("Nathalie Baye");
        browser.find("#person-photo").sendKeys(frame.toString());
        browser.find("#add-person-button").click();
        browser.await(Duration.ofSeconds(120), "her card", d -> browser.driver.findElements(
                By.cssSelector("#people .person")).stream().anyMatch(c -> c.getText().contains("Nathalie Baye")
                && c.getText().contains(E2)));
        browser.screenshot("cast-4-people");

        browser.driver.get(server.uri().resolve("/season.html?show=" + SHOW).toString());
        browser.await(Duration.ofSeconds(15), "the season table", d -> browser.driver.findElements(
                By.cssSelector("#season-body tr")).size() == 5);
        browser.screenshot("cast-5-season");
        JsonNode season = Workspaces.get(server, "/api/shows/" + SHOW).body();
        Map<String, double[]> expected = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>();
        season.path("columns").forEach(c -> columns.add(c.path("key").asText()));
        assertThat(columns).containsExactlyInAnyOrder(E1, E2);
        for (int c = 0; c < columns.size(); c++) {
            String file = columns.get(c).equals(E1) ? "episode_synth.truth.json" : "episode_synth_e02.truth.json";
            for (Map.Entry<String, Double> e : truthSeconds(file).entrySet()) {
                expected.computeIfAbsent(NAMES.get(e.getKey()), k -> new double[columns.size()])[c] = e.getValue();
            }
        }
        double airtime = season.path("airtime_s").asDouble();
        assertThat(airtime).isCloseTo(42 + 32, within(0.5));
        for (WebElement row : browser.driver.findElements(By.cssSelector("#season-body tr"))) {
            String name = row.findElement(By.cssSelector(".person-name")).getText();
            double[] want = expected.get(name);
            assertThat(want).as(name).isNotNull();
            double total = 0;
            for (int c = 0; c < columns.size(); c++) {
                double cell = seconds(row.findElement(By.cssSelector("td[data-episode=" + columns.get(c) + "]")).getText());
                assertThat(cell).as(name + " in " + columns.get(c)).isCloseTo(want[c], within(Math.max(1.0, want[c] * 0.12)));
                total += cell;
            }
            assertThat(seconds(row.findElement(By.cssSelector(".total")).getText())).isCloseTo(total, within(0.15));
            String share = row.findElement(By.cssSelector(".share")).getText();
            assertThat(Double.parseDouble(share.replace("%", ""))).isCloseTo(100 * total / airtime, within(0.2));
        }
        // sortable: by name, ascending
        browser.find("#season-head th[data-sort=name]").click();
        List<String> byName = browser.driver.findElements(By.cssSelector("#season-body .person-name")).stream()
                .map(WebElement::getText).toList();
        assertThat(byName).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);

        String csv = Workspaces.text(server, "/api/shows/" + SHOW + "/season.csv");
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("person,").endsWith(",total_s,share");
        assertThat(csv).contains("Nathalie Baye,").hasLineCount(6);
        String export = Workspaces.text(server, "/api/episodes/" + E2 + "/export.csv");
        assertThat(export).startsWith("person,identity,screen_time_s,share,appearances,first_seen,last_seen\n")
                .contains("Nathalie Baye,");
    }

    @Test
    @Order(4)
    void moveSplitNotThisPersonAndMerge_eachSurvivesARefreshAndAReCluster() throws Exception {
        browser.driver.get(Workspaces.episodeUrl(server, E2));
        browser.await(Duration.ofSeconds(15), "the gallery", d -> browser.visible("#gallery .identity"));
        JsonNode obama = named(E2, "Barack Obama");
        JsonNode biden = named(E2, "Joe Biden");
        String track = obama.path("tracks").get(obama.path("tracks").size() - 1).path("id").asText();
        assertThat(obama.path("tracks").size()).as("Obama has several tracks").isGreaterThan(1);

        // move a track of Obama's to Biden
        new Select(card(obama.path("id").asText()).findElement(By.cssSelector("select.move-select[data-track=" + track
                + "]"))).selectByValue(biden.path("id").asText());
        awaitAndKeep("the track moved to Biden", () -> trackIds(named(E2, "Joe Biden")).contains(track));
        browser.screenshot("cast-6-moved");

        // split it out of Biden's: it leaves them (the name stage may join it to Obama's again: it is his face)
        String bidenId = named(E2, "Joe Biden").path("id").asText();
        new Select(card(bidenId).findElement(By.cssSelector("select.move-select[data-track=" + track + "]")))
                .selectByValue("__out__");
        awaitAndKeep("the track out of Biden's", () -> !trackIds(named(E2, "Joe Biden")).contains(track)
                && trackIds(named(E2, "Joe Biden")).size() == biden.path("tracks").size());

        // not this person: Nathalie's identity loses her name and is not named after her again
        String nathalie = named(E2, "Nathalie Baye").path("id").asText();
        List<String> hers = trackIds(identity(E2, nathalie));
        card(nathalie).findElement(By.cssSelector(".unname-button")).click();
        awaitAndKeep("Nathalie's identity unnamed", () -> {
            JsonNode i = identityOf(E2, hers.get(0));
            return i.path("name").isNull() && named(E2, "Nathalie Baye") == null;
        });
        browser.screenshot("cast-8-not-this-person");

        // merge her (now unnamed) identity into Kit's: it keeps Kit's name
        String unnamed = identityOf(E2, hers.get(0)).path("id").asText();
        String kit = named(E2, "Kit Harington").path("id").asText();
        card(kit).findElement(By.cssSelector(".merge-select")).click();
        card(unnamed).findElement(By.cssSelector(".merge-select")).click();
        browser.find("#merge-button").click();
        awaitAndKeep("her tracks with Kit's", () -> trackIds(named(E2, "Kit Harington")).containsAll(hers));
        browser.screenshot("cast-7-merged");
    }

    @Test
    @Order(5)
    void twoTabs_anEditOnStaleState_gets409AndThePageShowsTheFreshState() throws Exception {
        browser.driver.get(Workspaces.episodeUrl(server, E2));
        browser.await(Duration.ofSeconds(15), "the gallery", d -> browser.visible("#gallery .identity"));
        String stale = describe(E2).path("version").asText();
        String first = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.driver.get(Workspaces.episodeUrl(server, E2));
        browser.await(Duration.ofSeconds(15), "the gallery in the second tab", d -> browser.visible("#gallery .identity"));
        JsonNode rose = named(E2, "Rose Leslie");
        WebElement input = card(rose.path("id").asText()).findElement(By.cssSelector(".rename-input"));
        input.sendKeys("Rose Leslie-Harington");
        card(rose.path("id").asText()).findElement(By.cssSelector(".rename-button")).click();
        browser.await(Duration.ofSeconds(60), "the rename", d -> browser.driver.findElements(
                By.cssSelector("#gallery .person-name")).stream().anyMatch(e -> e.getText().equals("Rose Leslie-Harington")));

        browser.driver.switchTo().window(first);
        JsonNode kit = named(E2, "Kit Harington");
        // this tab still holds the state from before the rename: its next edit is based on it
        browser.driver.executeScript("view.version = arguments[0];"
                + "document.querySelector('.identity[data-identity=\"" + kit.path("id").asText()
                + "\"] .unname-button').click();", stale);
        browser.await(Duration.ofSeconds(20), "the conflict", d -> browser.visible("#edit-error"));
        assertThat(browser.text("#edit-error")).contains("changed since this page loaded it");
        browser.await(Duration.ofSeconds(10), "the fresh state", d -> browser.driver.findElements(
                By.cssSelector("#gallery .person-name")).stream().anyMatch(e -> e.getText().equals("Rose Leslie-Harington")));
        assertThat(named(E2, "Kit Harington")).as("the stale edit was not applied").isNotNull();
        browser.screenshot("cast-9-conflict");
    }

    /** Waits for an edit to show, then checks it survives a refresh of the page and a re-cluster from it. */
    private void awaitAndKeep(String what, java.util.function.BooleanSupplier done) throws Exception {
        browser.await(Duration.ofSeconds(60), what, d -> done.getAsBoolean() && !browser.visible("#edit-notice"));
        browser.driver.navigate().refresh();
        browser.await(Duration.ofSeconds(15), "the gallery after the refresh", d -> browser.visible("#gallery .identity"));
        assertThat(done.getAsBoolean()).as(what + " after a refresh").isTrue();
        // the clustering is made stale, so that the page's Name job clusters again and replays the edits on it
        Files.delete(data.resolve("episodes/" + E2 + "/cluster/settings.json"));
        String before = describe(E2).path("status").path("stages").path("cluster").path("job_id").asText();
        browser.await(Duration.ofSeconds(10), "the Name button", d -> browser.find("#run-name").isEnabled());
        browser.find("#run-name").click();
        browser.await(Duration.ofSeconds(90), "the re-cluster", d -> {
            JsonNode v = describe(E2);
            return v.path("active").isNull() && !v.path("status").path("stages").path("cluster").path("job_id").asText()
                    .equals(before) && v.path("status").path("stages").path("name").path("status").asText()
                    .equals("succeeded");
        });
        browser.await(Duration.ofSeconds(15), "the gallery after the re-cluster", d -> browser.visible("#gallery .identity"));
        assertThat(done.getAsBoolean()).as(what + " after a re-cluster").isTrue();
    }

    private void nameInPage(String identity, String name) {
        WebElement input = card(identity).findElement(By.cssSelector(".name-input"));
        input.sendKeys(name);
        card(identity).findElement(By.cssSelector(".name-button")).click();
        browser.await(Duration.ofSeconds(60), identity + " named " + name, d -> {
            List<WebElement> n = card(identity).findElements(By.cssSelector(".person-name"));
            return !n.isEmpty() && n.get(0).getText().equals(name) && !browser.visible("#edit-notice");
        });
    }

    private WebElement card(String identity) {
        return browser.find("#gallery .identity[data-identity=" + identity + "]");
    }

    private void awaitAnalysed(String key) {
        browser.await(Duration.ofSeconds(240), key + " analysed", d -> {
            JsonNode v = describe(key);
            return v.path("active").isNull() && v.path("identities").isArray()
                    && v.path("status").path("stages").path("name").path("status").asText().equals("succeeded");
        });
    }

    private JsonNode describe(String key) {
        return Workspaces.get(server, "/api/episodes/" + key).body();
    }

    private JsonNode named(String key, String name) {
        for (JsonNode i : describe(key).path("identities")) {
            if (name.equals(i.path("name").asText(null))) {
                return i;
            }
        }
        return null;
    }

    private JsonNode identity(String key, String id) {
        for (JsonNode i : describe(key).path("identities")) {
            if (i.path("id").asText().equals(id)) {
                return i;
            }
        }
        return null;
    }

    private JsonNode identityOf(String key, String track) {
        for (JsonNode i : describe(key).path("identities")) {
            if (trackIds(i).contains(track)) {
                return i;
            }
        }
        throw new AssertionError("no identity holds " + track);
    }

    private static List<String> trackIds(JsonNode identity) {
        List<String> ids = new ArrayList<>();
        if (identity != null) {
            identity.path("tracks").forEach(t -> ids.add(t.path("id").asText()));
        }
        return ids;
    }

    /** Each identity's person in the truth: the one of the single-face shots its tracks lie in, by majority. */
    private Map<String, String> truthNames(String key, String truthFile) throws IOException {
        JsonNode truth = JSON.readTree(SharedAssets.media(truthFile).toFile());
        double fps = truth.path("fps").asDouble();
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode i : describe(key).path("identities")) {
            Map<String, Integer> votes = new HashMap<>();
            for (JsonNode t : i.path("tracks")) {
                double mid = (t.path("start_s").asDouble() + t.path("end_s").asDouble()) / 2 * fps;
                for (JsonNode shot : truth.path("shots")) {
                    if (mid >= shot.path("first_frame").asInt() && mid <= shot.path("last_frame").asInt()
                            && shot.path("faces_left_to_right").size() == 1) {
                        votes.merge(shot.path("faces_left_to_right").get(0).asText(), 1, Integer::sum);
                    }
                }
            }
            votes.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(v -> out.put(i.path("id").asText(),
                    v.getKey()));
        }
        return out;
    }

    /** Each person's time on screen in the truth: the length of the shots they appear in. */
    private static Map<String, Double> truthSeconds(String truthFile) throws IOException {
        JsonNode truth = JSON.readTree(SharedAssets.media(truthFile).toFile());
        double fps = truth.path("fps").asDouble();
        Map<String, Double> out = new LinkedHashMap<>();
        for (JsonNode shot : truth.path("shots")) {
            double length = (shot.path("last_frame").asInt() - shot.path("first_frame").asInt() + 1) / fps;
            shot.path("faces_left_to_right").forEach(f -> out.merge(f.asText(), length, Double::sum));
        }
        return out;
    }

    private static int firstShotOf(String truthFile, String person) throws IOException {
        JsonNode truth = JSON.readTree(SharedAssets.media(truthFile).toFile());
        for (JsonNode shot : truth.path("shots")) {
            if (shot.path("faces_left_to_right").toString().contains("\"" + person + "\"")) {
                return (shot.path("first_frame").asInt() + shot.path("last_frame").asInt()) / 2;
            }
        }
        throw new AssertionError(person + " is in no shot");
    }

    /** Cuts one frame of the video into a JPEG file. */
    private static void cutFrame(Path video, int frameNumber, Path out) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            grabber.setVideoFrameNumber(frameNumber);
            Frame frame = grabber.grabImage();
            BufferedImage image = converter.convert(frame);
            assertThat(ImageIO.write(image, "jpg", out.toFile())).isTrue();
            grabber.stop();
        }
    }

    private static double seconds(String text) {
        return Double.parseDouble(text.replace(" s", "").strip());
    }
}
