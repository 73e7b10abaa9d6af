package dev.facereel.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.Stage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words the page shows for a job that runs a stage's prerequisites first: the server says them, the page only
 * shows them. A stage without words of its own here is named by its id.
 */
final class AutoRun {
    private static final Map<Stage, String> DOING = Map.of(Stage.DETECT, "detecting", Stage.TRACK, "tracking",
            Stage.STILLS, "making stills", Stage.CLUSTER, "clustering");

    private AutoRun() {
    }

    /** What a job that brings the episode up to {@code target} does first: run the {@code missing} stages, if any. */
    static String starting(List<Stage> missing, Stage target) {
        return missing.isEmpty() ? "Starting " + target.id() + "…" : message(missing, target);
    }

    /**
     * The prerequisites a job runs before {@code target}: their ids ({@code stages}), the line that announces them
     * ({@code message}) and the one for once they are done ({@code done_message}); JSON null when there are none.
     */
    static JsonNode json(List<Stage> prerequisites, Stage target) {
        if (prerequisites.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        prerequisites.forEach(s -> n.withArray("stages").add(s.id()));
        n.put("message", message(prerequisites, target));
        n.put("done_message", "Prerequisites complete, starting " + doing(target) + "…");
        return n;
    }

    private static String message(List<Stage> prerequisites, Stage target) {
        return "Auto-running " + String.join(" → ", prerequisites.stream().map(s -> capitalise(s.id())).toList())
                + " before " + doing(target) + "…";
    }

    private static String doing(Stage stage) {
        return DOING.getOrDefault(stage, stage.id());
    }

    private static String capitalise(String id) {
        return id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1);
    }
}
