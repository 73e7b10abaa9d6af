package dev.facereel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input through the packaged command line: each is refused with its documented exit code and one stderr line
 * that names the culprit (besides any progress lines printed before the video turned out to be unreadable).
 */
class BadInputIT {
    private static final Duration LIMIT = Duration.ofMinutes(1);

    @TempDir
    Path work;

    @Test
    void analyze_missingVideo_exits4_namingTheFile() {
        assertRefused(4, "no-such-episode.mp4", analyze("no-such-episode.mp4"));
    }

    @Test
    void analyze_randomBytes_exits4_namingTheFile() throws Exception {
        byte[] noise = new byte[64 * 1024];
        new Random(42).nextBytes(noise);
        Path video = Files.write(work.resolve("random.mp4"), noise);
        assertRefused(4, video.toString(), analyze(video.toString()));
    }

    @Test
    void analyze_emptyFile_exits4_namingTheFile() throws Exception {
        Path video = Files.createFile(work.resolve("empty.mp4"));
        assertRefused(4, video.toString(), analyze(video.toString()));
    }

    @Test
    void analyze_missingModel_exits4_namingTheModel() {
        assertRefused(4, "missing-scrfd.onnx", analyze(video(), "--detector", "scrfd", "--detector-model",
                work.resolve("missing-scrfd.onnx").toString()));
    }

    @Test
    void analyze_embedderModelAsDetectorModel_exits4_namingTheModel() {
        String model = SharedAssets.model("mobilefacenet.onnx").toString();
        assertRefused(4, model, analyze(video(), "--detector", "scrfd", "--detector-model", model));
    }

    @Test
    void analyze_detectorModelAsEmbedderModel_exits4_namingTheModel() {
        String model = SharedAssets.model("version-RFB-320.onnx").toString();
        assertRefused(4, model, analyze(video(), "--embedder", "arcface", "--embedder-model", model));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", ""})
    void analyze_episodeIdThatCannotBeAKey_exits2_namingTheId(String episode) {
        assertRefused(2, "'" + episode + "'", List.of("analyze", video(), "--episode", episode, "--data", data()));
    }

    @Test
    void analyze_unknownDetector_exits2_listingTheKnownNames() {
        String line = assertRefused(2, "'no-such-detector'", analyze(video(), "--detector", "no-such-detector"));
        assertThat(line).contains("opencv-haar").contains("scrfd").contains("ultraface");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--parallelism", "--threads"})
    void analyze_tuningOptionBelowOne_exits2_namingTheOption(String option) {
        assertRefused(2, option + " must be at least 1, got 0", analyze(video(), option, "0"));
    }

    @Test
    void analyze_clusterThresholdOutOfRange_exits2_namingTheOption() {
        assertRefused(2, "--cluster-threshold: clusterThreshold must be in (-1, 1), got 1.5",
                analyze(video(), "--cluster-threshold", "1.5"));
    }

    @Test
    void analyze_showThatCannotBeAName_exits4_namingTheShow() {
        assertRefused(4, "invalid show name 'My Show'", analyze(video(), "--show", "My Show"));
    }

    @Test
    void serve_parallelismBelowOne_exits2_beforeListening() {
        assertRefused(2, "--parallelism must be at least 1, got 0",
                List.of("serve", "--data", data(), "--port", "0", "--parallelism", "0"));
    }

    @Test
    void worker_parallelismBelowOne_exits2_beforeConnecting() {
        assertRefused(2, "--parallelism must be at least 1, got 0", List.of("worker", "--data", data(), "--store",
                "postgres://nobody@127.0.0.1:1/none", "--parallelism", "0"));
    }

    private List<String> analyze(String video, String... more) {
        List<String> args = new ArrayList<>(List.of("analyze", video, "--episode", "bad_input", "--data", data(),
                "--sample-fps", "1"));
        args.addAll(List.of(more));
        return args;
    }

    private String data() {
        return work.resolve("data").toString();
    }

    private static String video() {
        return SharedAssets.media("episode_synth.mp4").toString();
    }

    /** Runs the command, checks the exit code and the single error line, and returns that line. */
    private String assertRefused(int exitCode, String culprit, List<String> args) {
        try (FaceReelProcess p = FaceReelProcess.run(work, LIMIT, args.toArray(String[]::new))) {
            return p.assertRefused(exitCode, culprit);
        }
    }
}
