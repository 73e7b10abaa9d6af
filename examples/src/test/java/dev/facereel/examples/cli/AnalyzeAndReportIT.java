package dev.facereel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.testing.EpisodeTruth;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole analysis with the ONNX models through the packaged command line, then its HTML report. */
class AnalyzeAndReportIT {
    /** A plain progress line, as printed once per heartbeat when stderr is not a terminal. */
    static final Pattern PROGRESS = Pattern.compile("^(detect|track|stills|cluster|name) [a-z]+ \\d+%.* heartbeat \\d+: .*");
    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SRC = Pattern.compile("\\bsrc=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final String DATA_JPEG = "data:image/jpeg;base64,";

    @TempDir
    Path work;

    @Test
    void analyze_withOnnxModels_findsFourCastMembers_andReportInlinesEveryImage() throws Exception {
        Path data = work.resolve("data");
        JsonNode clusters;
        try (FaceReelProcess analyze = FaceReelProcess.run(work, Duration.ofMinutes(4), "analyze",
                SharedAssets.media("episode_synth.mp4").toString(), "--episode", "Synth_S01_E01", "--data", data.toString(),
                "--sample-fps", "5", "--heartbeat", "1s", "--parallelism", "1",
                "--detector", "scrfd", "--detector-model", SharedAssets.model("scrfd_2.5g_bnkps.onnx").toString(),
                "--embedder", "arcface", "--embedder-model", SharedAssets.model("mobilefacenet.onnx").toString())) {
            assertThat(analyze.exitCode()).as(analyze.describe()).isZero();

            Path episodeDir = data.resolve("episodes").resolve("synth_s01_e01");
            EpisodeTruth.Score score = new EpisodeTruth(SharedAssets.media("episode_synth.truth.json")).score(episodeDir);
            assertThat(score.identitiesWithLabels()).as(score.summary()).isEqualTo(4);
            clusters = new ObjectMapper().readTree(episodeDir.resolve("cluster/clusters.json").toFile());
            int identities = clusters.path("identities").size();
            assertThat(identities).as("identities in clusters.json").isEqualTo(4);

            assertThat(analyze.stdoutLines()).as("stdout holds the summary only")
                    .noneMatch(l -> PROGRESS.matcher(l).matches())
                    .noneMatch(l -> l.contains("heartbeat"))
                    .hasSize(2 + identities);
            assertThat(analyze.stdoutLines().get(0)).startsWith("job ").endsWith(" done: name of episode Synth_S01_E01");
            assertThat(analyze.stdoutLines().get(1)).startsWith(identities + " identities");
            assertThat(analyze.stderrLines()).as("progress goes to stderr")
                    .anyMatch(l -> l.startsWith("detect running "))
                    .anyMatch(l -> l.startsWith("name succeeded 100%"));
        }

        Path html = work.resolve("out").resolve("synth.html");
        try (FaceReelProcess report = FaceReelProcess.run(work, Duration.ofMinutes(1), "report", "--episode",
                "Synth_S01_E01", "--data", data.toString(), "--out", html.toString())) {
            assertThat(report.exitCode()).as(report.describe()).isZero();
        }
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(page).as("self-contained: no links out")
                .doesNotContainIgnoringCase("http://")
                .doesNotContainIgnoringCase("https://")
                .doesNotContainIgnoringCase("file:");
        List<String> sources = new ArrayList<>();
        Matcher img = IMG.matcher(page);
        while (img.find()) {
            Matcher src = SRC.matcher(img.group());
            assertThat(src.find()).as("src of " + img.group().substring(0, Math.min(80, img.group().length()))).isTrue();
            sources.add(src.group(1));
        }
        assertThat(sources).as("images in the report").isNotEmpty();
        for (String src : sources) {
            assertThat(src).startsWith(DATA_JPEG);
            byte[] jpeg = Base64.getDecoder().decode(src.substring(DATA_JPEG.length()));
            assertThat(jpeg).as("an inlined JPEG").hasSizeGreaterThan(2);
            assertThat(jpeg[0]).isEqualTo((byte) 0xFF);
            assertThat(jpeg[1]).isEqualTo((byte) 0xD8);
        }
        assertThat(count(page, "<div class=\"card\">")).as("one card per identity")
                .isEqualTo(clusters.path("identities").size());
        for (JsonNode identity : clusters.path("identities")) {
            assertThat(page).contains("<h2>" + identity.path("id").asText() + "</h2>");
        }
        assertThat(count(page, "<p class=\"person unnamed\">unnamed</p>")).as("nobody is named yet")
                .isEqualTo(clusters.path("identities").size());

        // A damaged result is refused naming the file, and the report written before stays as it was.
        // (results are read from the name stage's identities.json, which analyze now writes)
        Path resultsFile = data.resolve("episodes/synth_s01_e01/name/identities.json");
        Files.writeString(resultsFile, Files.readString(resultsFile).replace("\"schema\" : 1", "\"schema\" : 9"));
        try (FaceReelProcess report = FaceReelProcess.run(work, Duration.ofMinutes(1), "report", "--episode",
                "Synth_S01_E01", "--data", data.toString(), "--out", html.toString())) {
            assertThat(report.exitCode()).as(report.describe()).isEqualTo(4);
            assertThat(report.stdout()).isEmpty();
            assertThat(report.stderrLines()).as("stderr of %s", report.describe()).singleElement().asString()
                    .startsWith("facereel: " + resultsFile)
                    .contains("schema is 9").contains("expected a schema-1 FaceReel result");
        }
        assertThat(Files.readString(html, StandardCharsets.UTF_8)).isEqualTo(page);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }
}
