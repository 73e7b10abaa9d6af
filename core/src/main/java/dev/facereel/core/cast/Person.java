package dev.facereel.core.cast;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A member of a show's cast: a stable id ({@code c001}…, never reused), a name unique within the show regardless
 * of case, and reference embeddings. Immutable.
 */
public record Person(String id, String name, List<Reference> references) {
    public Person {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        references = List.copyOf(references);
    }

    /** The person's references made by {@code modelId}. */
    public List<Reference> references(String modelId) {
        return references.stream().filter(r -> r.modelId().equals(modelId)).toList();
    }

    /** How many references each model made, by model id. */
    public Map<String, Integer> referenceCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        references.forEach(r -> counts.merge(r.modelId(), 1, Integer::sum));
        return counts;
    }
}
