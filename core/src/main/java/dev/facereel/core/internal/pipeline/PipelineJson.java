package dev.facereel.core.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.internal.jobs.StateJson;
import java.nio.file.Path;
import java.util.Optional;

/** The stages' JSON files, in the same schema-1 form and with the same checks as the job state files. */
final class PipelineJson {
    /** For the lines of {@code faces.jsonl}, which carry no schema field of their own. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private PipelineJson() {
    }

    static ObjectNode object() {
        return StateJson.object();
    }

    /** Writes the file atomically; {@code fence} runs just before the new content replaces the old (see {@link AtomicFiles}). */
    static void write(Path file, JsonNode node, Runnable fence) {
        AtomicFiles.write(file, StateJson.bytes(node), fence);
    }

    /** The file's JSON, empty when it does not exist; a corrupt file or wrong schema fails naming the file. */
    static Optional<JsonNode> read(Path file, String what) {
        return AtomicFiles.read(file).map(bytes -> StateJson.parse(bytes, file, what));
    }
}
