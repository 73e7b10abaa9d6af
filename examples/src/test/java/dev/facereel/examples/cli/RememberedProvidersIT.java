package dev.facereel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data root remembers its providers in {@code providers.json}: analysed once with model flags, later
 * {@code analyze} and {@code resume} runs need none; a flag overrides what is remembered and is recorded; a remembered
 * model file that has gone is an invalid input naming the file and where its path came from.
 */
class RememberedProvidersIT {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    private static final Pattern FRAMES = Pattern.compile("^detect running \\d+% frames (\\d+)/");

    @TempDir
    Path work;

    @Test
    void analyze_withModelFlags_remembersThem_andAnalyzeWithoutFlagsUsesThem() throws IOException {
        Path data = work.resolve("data");
        run(0, analyze(data, "First", yunetAndArcface()));
        JsonNode remembered = providers(data);
        assertThat(remembered.path("schema").asInt()).isEqualTo(1);
        assertThat(remembered.path("detector").path("name").asText()).isEqualTo("yunet");
        assertThat(remembered.path("detector").path("model").asText())
                .isEqualTo(SharedAssets.model("yunet_n_dynamic.onnx").toAbsolutePath().toString());
        assertThat(remembered.path("embedder").path("name").asText()).isEqualTo("arcface");
        assertThat(remembered.path("embedder").path("model").asText())
                .isEqualTo(SharedAssets.model("mobilefacenet.onnx").toAbsolutePath().toString());
        assertThat(remembered.path("updated_at").asText()).isNotBlank();
        byte[] before = Files.readAllBytes(data.resolve("providers.json"));

        run(0, analyze(data, "Second", List.of()));
        assertThat(detectorOf(data, "second")).startsWith("yunet:yunet_n_dynamic.onnx@");
        assertThat(embedderOf(data, "second")).startsWith("arcface:mobilefacenet.onnx@");
        assertThat(Files.readAllBytes(data.resolve("providers.json"))).as("nothing new to record").isEqualTo(before);
    }

    @Test
    void resume_withoutFlags_continuesAKilledJobWithTheRememberedProviders() throws IOException {
        Path data = work.resolve("data");
        try (FaceReelProcess victim = FaceReelProcess.start(work, analyze(data, "Crash", yunetAndArcface(),
                "--sample-fps", "5", "--stall-after", "3s"))) {
            victim.awaitStderrLine(l -> framesDone(l) >= 10, "detect past frame 10", RUN_LIMIT);
            victim.signal("KILL");
            assertThat(victim.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        }
        FaceReelProcess.awaitCondition(() -> "dead".equals(FaceReelProcess.status(work, data, "Crash").path("stages")
                .path("detect").path("status").asText()), "the killed job to read dead", Duration.ofSeconds(30));

        try (FaceReelProcess resume = FaceReelProcess.run(work, RUN_LIMIT, "resume", "--episode", "Crash", "--data",
                data.toString())) {
            assertThat(resume.exitCode()).as(resume.describe()).isZero();
            assertThat(resume.stderrLines()).as(resume.describe()).anyMatch(l -> l.contains("resuming dead job"));
        }
        assertThat(detectorOf(data, "crash")).startsWith("yunet:yunet_n_dynamic.onnx@");
        assertThat(embedderOf(data, "crash")).startsWith("arcface:mobilefacenet.onnx@");
    }

    @Test
    void analyze_withAnotherDetectorFlag_usesAndRecordsIt_keepingTheRememberedEmbedder() throws IOException {
        Path data = work.resolve("data");
        run(0, analyze(data, "First", yunetAndArcface()));

        Path scrfd = SharedAssets.model("scrfd_2.5g_bnkps.onnx");
        run(0, analyze(data, "Second", List.of("--detector", "scrfd", "--detector-model", scrfd.toString())));
        assertThat(detectorOf(data, "second")).startsWith("scrfd:scrfd_2.5g_bnkps.onnx@");
        assertThat(embedderOf(data, "second")).startsWith("arcface:mobilefacenet.onnx@");
        JsonNode remembered = providers(data);
        assertThat(remembered.path("detector").path("name").asText()).isEqualTo("scrfd");
        assertThat(remembered.path("detector").path("model").asText()).isEqualTo(scrfd.toAbsolutePath().toString());
        assertThat(remembered.path("embedder").path("name").asText()).isEqualTo("arcface");

        run(0, analyze(data, "Third", List.of()));
        assertThat(detectorOf(data, "third")).as("the override was remembered").startsWith("scrfd:");
    }

    @Test
    void analyze_whenTheRememberedModelFileIsGone_exits4NamingTheFileAndWhereItWasRemembered() throws IOException {
        Path data = work.resolve("data");
        Path copy = Files.copy(SharedAssets.model("yunet_n_dynamic.onnx"),
                Files.createDirectories(work.resolve("models")).resolve("yunet_n_dynamic.onnx"));
        run(0, analyze(data, "First", List.of("--detector", "yunet", "--detector-model", copy.toString())));
        Files.delete(copy);

        try (FaceReelProcess again = run(ExitCodes.INVALID_INPUT, analyze(data, "Second", List.of()))) {
            assertThat(again.stderr()).as(again.describe()).contains(copy.toAbsolutePath().toString())
                    .contains("remembered in " + data.toAbsolutePath().resolve("providers.json"))
                    .contains("--detector-model");
        }
        try (FaceReelProcess resume = FaceReelProcess.run(work, RUN_LIMIT, "resume", "--episode", "First", "--data",
                data.toString())) {
            assertThat(resume.exitCode()).as(resume.describe()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(resume.stderr()).contains(copy.toAbsolutePath().toString()).contains("remembered in ");
        }
    }

    @Test
    void analyze_withAMissingModelFlag_exits4NamingTheFlag_andRecordsNothing() {
        Path data = work.resolve("data");
        Path missing = work.resolve("nowhere.onnx");
        try (FaceReelProcess p = run(ExitCodes.INVALID_INPUT, analyze(data, "First",
                List.of("--detector", "yunet", "--detector-model", missing.toString())))) {
            assertThat(p.stderr()).as(p.describe()).contains(missing.toAbsolutePath().toString())
                    .contains("given by --detector-model");
        }
        assertThat(data.resolve("providers.json")).doesNotExist();
    }

    private static List<String> yunetAndArcface() {
        return List.of("--detector", "yunet", "--detector-model", SharedAssets.model("yunet_n_dynamic.onnx").toString(),
                "--embedder", "arcface", "--embedder-model", SharedAssets.model("mobilefacenet.onnx").toString());
    }

    /** {@code analyze} of the synthetic episode up to detect, at 1 frame a second unless {@code more} says. */
    private static String[] analyze(Path data, String episode, List<String> providers, String... more) {
        List<String> args = new ArrayList<>(List.of("analyze", SharedAssets.media("episode_synth.mp4").toString(),
                "--episode", episode, "--data", data.toString(), "--until", "detect", "--heartbeat", "500ms"));
        args.addAll(providers);
        args.addAll(List.of(more));
        if (!args.contains("--sample-fps")) {
            args.addAll(List.of("--sample-fps", "1"));
        }
        return args.toArray(String[]::new);
    }

    private FaceReelProcess run(int exitCode, String... args) {
        FaceReelProcess p = FaceReelProcess.run(work, RUN_LIMIT, args);
        assertThat(p.exitCode()).as(p.describe()).isEqualTo(exitCode);
        return p;
    }

    private static JsonNode providers(Path data) throws IOException {
        return new ObjectMapper().readTree(data.resolve("providers.json").toFile());
    }

    private static String detectorOf(Path data, String key) throws IOException {
        return detectSettings(data, key).path("detector").asText();
    }

    private static String embedderOf(Path data, String key) throws IOException {
        return detectSettings(data, key).path("embedder").asText();
    }

    private static JsonNode detectSettings(Path data, String key) throws IOException {
        return new ObjectMapper().readTree(data.resolve("episodes").resolve(key).resolve("detect/settings.json")
                .toFile()).path("settings");
    }

    private static int framesDone(String line) {
        Matcher m = FRAMES.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
