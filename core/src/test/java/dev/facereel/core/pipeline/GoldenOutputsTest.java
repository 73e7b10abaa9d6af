package dev.facereel.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Stage;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage outputs of the synthetic episode with fixed settings (the model-free defaults, 5 samples a second) are
 * those recorded in {@code src/test/resources/golden/}: exactly for structure, ids and frame numbers, within
 * {@value #TOLERANCE} for floats, so that another CPU's rounding cannot fail it. {@code -Dfacereel.golden=record}
 * records them again.
 */
class GoldenOutputsTest {
    private static final double TOLERANCE = 1e-4;
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> OUTPUTS = Map.of(
            "faces.jsonl", "detect/faces.jsonl",
            "tracks.json", "track/tracks.json",
            "clusters.json", "cluster/clusters.json");

    @TempDir
    Path root;

    @Test
    void cluster_onSyntheticEpisode_withFixedSettings_writesTheRecordedOutputs() throws Exception {
        try (FacePipeline pipeline = FacePipeline.builder().dataRoot(root).sampleFps(5).clusterThreshold(0.45).build()) {
            pipeline.submit(new Episode("golden_s01_e01", SharedAssets.media("episode_synth.mp4")), Stage.CLUSTER)
                    .await();
        }
        Path episode = root.resolve("episodes").resolve("golden_s01_e01");
        boolean record = "record".equals(System.getProperty("facereel.golden"));
        for (Map.Entry<String, String> output : OUTPUTS.entrySet()) {
            Path actual = episode.resolve(output.getValue());
            Path expected = GOLDEN.resolve(output.getKey());
            if (record) {
                Files.createDirectories(GOLDEN);
                Files.copy(actual, expected, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> differences = new ArrayList<>();
            List<JsonNode> want = documents(expected);
            List<JsonNode> got = documents(actual);
            assertThat(got).as("%s: documents (lines)", output.getKey()).hasSameSizeAs(want);
            for (int i = 0; i < want.size(); i++) {
                compare(output.getKey() + (want.size() > 1 ? ":" + (i + 1) : ""), want.get(i), got.get(i), differences);
            }
            assertThat(differences).as("%s differs from the recorded %s", actual, expected).isEmpty();
        }
    }

    /** One document per line for {@code .jsonl}, else the whole file. */
    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        if (file.getFileName().toString().endsWith(".jsonl")) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                docs.add(JSON.readTree(line));
            }
        } else {
            docs.add(JSON.readTree(file.toFile()));
        }
        return docs;
    }

    private static void compare(String at, JsonNode want, JsonNode got, List<String> differences) {
        if (want.isNumber() && got.isNumber() && (want.isFloatingPointNumber() || got.isFloatingPointNumber())) {
            if (Math.abs(want.asDouble() - got.asDouble()) > TOLERANCE) {
                differences.add(at + ": " + got + " instead of " + want);
            }
        } else if (want.isObject() && got.isObject()) {
            List<String> wantNames = new ArrayList<>();
            want.fieldNames().forEachRemaining(wantNames::add);
            List<String> gotNames = new ArrayList<>();
            got.fieldNames().forEachRemaining(gotNames::add);
            if (!wantNames.equals(gotNames)) {
                differences.add(at + ": fields " + gotNames + " instead of " + wantNames);
                return;
            }
            for (Iterator<String> it = want.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                compare(at + "." + name, want.get(name), got.get(name), differences);
            }
        } else if (want.isArray() && got.isArray()) {
            if (want.size() != got.size()) {
                differences.add(at + ": " + got.size() + " elements instead of " + want.size());
                return;
            }
            for (int i = 0; i < want.size(); i++) {
                compare(at + "[" + i + "]", want.get(i), got.get(i), differences);
            }
        } else if (!want.equals(got)) {
            differences.add(at + ": " + got + " instead of " + want);
        }
    }
}
