package dev.facereel.core.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.internal.jobs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Reading and writing the stages' JSON files, each with {@code "schema": 1}. */
final class PipelineJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final int SCHEMA = 1;

    private PipelineJson() {
    }

    static ObjectNode object() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema", SCHEMA);
        return n;
    }

    static void write(Path file, JsonNode node) {
        try {
            AtomicFiles.write(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        } catch (IOException e) {
            throw new JobStoreException("could not encode " + file + ": " + e, e);
        }
    }

    /** The file's JSON, empty when it does not exist; a corrupt file or wrong schema fails naming the file. */
    static Optional<JsonNode> read(Path file, String what) {
        return AtomicFiles.read(file).map(bytes -> {
            JsonNode n;
            try {
                n = MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new JobStoreException("corrupt file " + file + ": not valid JSON; expected " + what);
            }
            if (n == null || !n.isObject() || n.path("schema").asInt(-1) != SCHEMA) {
                throw new JobStoreException("corrupt file " + file + ": expected " + what + " with \"schema\": 1");
            }
            return n;
        });
    }
}
