package dev.facereel.core.internal.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.JobStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings and input fingerprints a stage ran with ({@code <stage>/settings.json}). Their digest is the stage's
 * fingerprint: a stage is up to date when its stored fingerprint equals the one it would run with now and its outputs
 * still match the digests stored beside it, and each stage's settings include the fingerprint of the stage it
 * reads, so a change flows downstream.
 */
public record StageSettings(Map<String, String> values) {
    public static final String FILE = "settings.json";
    private static final Logger LOG = LoggerFactory.getLogger(StageSettings.class);

    public StageSettings {
        values = Map.copyOf(values);
    }

    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(new TreeMap<>(values).toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records that the stage completed with these settings, with a digest of each of its output files (named
     * relative to the stage folder). Written last, after the outputs; {@code fence} as for {@link PipelineJson#write}.
     */
    public void writeTo(Path stageDir, Collection<String> outputs, Runnable fence) {
        ObjectNode n = PipelineJson.object();
        n.put("fingerprint", fingerprint());
        ObjectNode s = n.putObject("settings");
        new TreeMap<>(values).forEach(s::put);
        ObjectNode o = n.putObject("outputs");
        new TreeSet<>(outputs).forEach(name -> o.put(name, digest(stageDir.resolve(name))));
        PipelineJson.write(stageDir.resolve(FILE), n, fence);
    }

    /**
     * Whether the stage completed with the settings whose fingerprint is given and its outputs are still as it wrote
     * them. A damaged settings file, or an output that is missing or changed, means not (and is logged): the stage
     * runs again and replaces it.
     */
    public static boolean isUpToDate(Path stageDir, String fingerprint) {
        Optional<JsonNode> stored;
        try {
            stored = PipelineJson.read(stageDir.resolve(FILE), "stage settings");
        } catch (JobStoreException damaged) {
            LOG.warn("The stage in {} runs again: {}", stageDir, damaged.getMessage());
            return false;
        }
        if (stored.isEmpty() || !fingerprint.equals(stored.get().path("fingerprint").asText())) {
            return false;
        }
        JsonNode outputs = stored.get().path("outputs");
        Iterator<Map.Entry<String, JsonNode>> files = outputs.fields();
        while (files.hasNext()) {
            Map.Entry<String, JsonNode> f = files.next();
            Path file = stageDir.resolve(f.getKey());
            if (!Files.isRegularFile(file) || !digest(file).equals(f.getValue().asText())) {
                LOG.warn("The stage in {} runs again: its output {} is {}", stageDir, file,
                        Files.exists(file) ? "not as the stage wrote it" : "missing");
                return false;
            }
        }
        return outputs.isObject();
    }

    /**
     * The settings a completed stage recorded in {@code stageDir}, empty when it has none.
     *
     * @throws JobStoreException naming the file when it is damaged
     */
    public static Optional<Map<String, String>> read(Path stageDir) {
        return PipelineJson.read(stageDir.resolve(FILE), "stage settings").map(n -> {
            Map<String, String> values = new TreeMap<>();
            n.path("settings").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            return values;
        });
    }

    private static String digest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new JobStoreException("could not read " + file + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
