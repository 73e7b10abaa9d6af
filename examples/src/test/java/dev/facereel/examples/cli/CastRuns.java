package dev.facereel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.testing.EpisodeTruth;
import dev.facereel.spi.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/** What the cast ITs share: the model flags, running a command that must succeed, truth labels and video frames. */
final class CastRuns {
    static final Duration ANALYZE = Duration.ofMinutes(4);
    static final Duration EDIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private CastRuns() {
    }

    /** The provider flags every command that embeds gets: SCRFD and MobileFaceNet, one frame at a time. */
    static List<String> models() {
        return List.of("--detector", "scrfd", "--detector-model", SharedAssets.model("scrfd_2.5g_bnkps.onnx").toString(),
                "--embedder", "arcface", "--embedder-model", SharedAssets.model("mobilefacenet.onnx").toString(),
                "--parallelism", "1");
    }

    /** {@code args} followed by {@link #models()}. */
    static List<String> withModels(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(models());
        return all;
    }

    /** Runs the command, checks it exits 0, and returns the finished process. */
    static FaceReelProcess ok(Path work, Duration limit, List<String> args) {
        FaceReelProcess p = FaceReelProcess.run(work, limit, args.toArray(String[]::new));
        assertThat(p.exitCode()).as(p.describe()).isZero();
        return p;
    }

    /** {@code facereel analyze} of a shared video into a show, which must succeed. */
    static FaceReelProcess analyze(Path work, Path data, String video, String episode, String show) {
        return ok(work, ANALYZE, withModels("analyze", SharedAssets.media(video).toString(), "--episode", episode,
                "--show", show, "--data", data.toString(), "--heartbeat", "1s"));
    }

    /**
     * The truth label of each cast identity of {@code name/identities.json}: in each shot, the tracks with the
     * largest boxes take the shot's labels left to right ({@link EpisodeTruth}), and an identity takes the label most
     * of its labelled faces have.
     */
    static Map<String, String> labels(Path episodeDir, String truthFile, Path scratch) throws IOException {
        // EpisodeTruth scores cluster/clusters.json; name/identities.json has the same shape
        Path copy = Files.createTempDirectory(scratch, "truth");
        Files.createDirectories(copy.resolve("track"));
        Files.createDirectories(copy.resolve("cluster"));
        Files.copy(episodeDir.resolve("track/tracks.json"), copy.resolve("track/tracks.json"));
        Files.copy(episodeDir.resolve("name/identities.json"), copy.resolve("cluster/clusters.json"));
        return new EpisodeTruth(SharedAssets.media(truthFile)).score(copy).identityLabel();
    }

    /** Each cast and incidental identity's name (null when unnamed) from {@code name/identities.json}, by id. */
    static Map<String, String> names(Path episodeDir) throws IOException {
        JsonNode root = JSON.readTree(episodeDir.resolve("name/identities.json").toFile());
        Map<String, String> names = new LinkedHashMap<>();
        for (String list : List.of("identities", "incidental_identities")) {
            for (JsonNode i : root.path(list)) {
                names.put(i.path("id").asText(), i.path("name").isNull() ? null : i.path("name").asText());
            }
        }
        return names;
    }

    /** Frame {@code frame} (from 0 in decode order) of a shared video, written to {@code out} as JPEG. */
    static Path frame(String video, int frame, Path out) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(SharedAssets.media(video).toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            Frame f = null;
            for (int i = 0; i <= frame; i++) {
                f = grabber.grabImage();
                assertThat(f).as("frame " + i + " of " + video).isNotNull();
            }
            BufferedImage image = converter.getBufferedImage(f);
            BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(image, 0, 0, null);
            Files.createDirectories(out.toAbsolutePath().getParent());
            assertThat(ImageIO.write(rgb, "jpg", out.toFile())).as("a JPEG writer").isTrue();
            grabber.stop();
            return out;
        }
    }
}
