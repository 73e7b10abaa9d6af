package dev.facereel.core.internal.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.internal.jobs.StateJson;
import java.nio.file.Path;
import java.util.Optional;

/** The stages' JSON files, in the same schema-1 form and with the same checks as the job state files. */
public final class PipelineJson {
    /** For the lines of {@code faces.jsonl}, which carry no schema field of their own. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private PipelineJson() {
    }

    public static ObjectNode object() {
        return StateJson.object();
    }

    /** Writes the file atomically; {@code fence} runs just before the new content replaces the old (see {@link AtomicFiles}). */
    public static void write(Path file, JsonNode node, Runnable fence) {
        AtomicFiles.write(file, StateJson.bytes(node), fence);
    }

    /** The file's JSON, empty when it does not exist; a corrupt file or wrong schema fails naming the file. */
    public static Optional<JsonNode> read(Path file, String what) {
        return AtomicFiles.read(file).map(bytes -> StateJson.parse(bytes, file, what));
    }
}
