package dev.facereel.core.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.JobStoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The settings and input fingerprints a stage ran with ({@code <stage>/settings.json}). Their digest is the stage's
 * fingerprint: a stage is up to date when its stored fingerprint equals the one it would run with now, and each
 * stage's settings include the fingerprint of the stage it reads, so a change flows downstream.
 */
record StageSettings(Map<String, String> values) {
    static final String FILE = "settings.json";

    StageSettings {
        values = Map.copyOf(values);
    }

    String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(new TreeMap<>(values).toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void writeTo(Path stageDir) {
        ObjectNode n = PipelineJson.object();
        n.put("fingerprint", fingerprint());
        ObjectNode s = n.putObject("settings");
        new TreeMap<>(values).forEach(s::put);
        PipelineJson.write(stageDir.resolve(FILE), n);
    }

    /** The fingerprint stored for a completed stage, or empty when it never completed (or its record is damaged). */
    static Optional<String> storedFingerprint(Path stageDir) {
        try {
            return PipelineJson.read(stageDir.resolve(FILE), "stage settings").map(n -> n.path("fingerprint"))
                    .filter(JsonNode::isTextual).map(JsonNode::asText);
        } catch (JobStoreException damaged) {
            return Optional.empty();
        }
    }
}
