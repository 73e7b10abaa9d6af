package dev.facereel.core.internal.stage.name;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.stage.PipelineJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code name/identities.json}, its one writer and reader: the clustering with the show's edits applied and the
 * identities named after its cast. The same shape as {@code cluster/clusters.json} ({@code identities},
 * {@code incidental_identities}, {@code unclustered_track_ids}); each identity also has {@code person_id},
 * {@code name} (both null when unknown) and {@code match}; {@code unresolved_edits} lists the edits that found
 * none of their tracks.
 */
public final class NameCodec {
    static final String IDENTITIES = "identities.json";

    private NameCodec() {
    }

    /** How an identity got its name: {@code by} is {@code user} or {@code auto}; similarities may be null. */
    public record Match(String by, Double similarity, Double runnerUp) {
    }

    /** One identity; {@code still} is relative to the episode's folder, {@code match} null when unnamed. */
    public record Entry(String id, List<String> trackIds, double screenTimeSeconds, String still, String personId,
                        String name, Match match) {
        public Entry {
            trackIds = List.copyOf(trackIds);
        }
    }

    /** An edit that could not be applied, and why. */
    public record Unresolved(String edit, String kind, String reason) {
    }

    /** What the file holds. */
    public record Contents(List<Entry> cast, List<Entry> incidental, List<String> unclusteredTrackIds,
                           List<Unresolved> unresolvedEdits, long castVersion) {
        public Contents {
            cast = List.copyOf(cast);
            incidental = List.copyOf(incidental);
            unclusteredTrackIds = List.copyOf(unclusteredTrackIds);
            unresolvedEdits = List.copyOf(unresolvedEdits);
        }

        /** Every identity, cast first. */
        public List<Entry> all() {
            List<Entry> all = new ArrayList<>(cast);
            all.addAll(incidental);
            return all;
        }
    }

    static void write(Path dir, String show, String modelId, Contents contents, Runnable fence) {
        ObjectNode root = PipelineJson.object();
        root.put("show", show);
        root.put("cast_version", contents.castVersion());
        root.put("model_id", modelId);
        put(root.putArray("identities"), contents.cast());
        put(root.putArray("incidental_identities"), contents.incidental());
        ArrayNode unclustered = root.putArray("unclustered_track_ids");
        contents.unclusteredTrackIds().forEach(unclustered::add);
        ArrayNode unresolved = root.putArray("unresolved_edits");
        for (Unresolved u : contents.unresolvedEdits()) {
            unresolved.addObject().put("edit", u.edit()).put("kind", u.kind()).put("reason", u.reason());
        }
        PipelineJson.write(dir.resolve(IDENTITIES), root, fence);
    }

    /**
     * The episode's named identities, empty when the name stage has not written them.
     *
     * @throws JobStoreException naming the file when it is damaged
     */
    public static Optional<Contents> read(DataLayout layout, EpisodeKey episode) {
        Path file = layout.stageDir(episode, Stage.NAME).resolve(IDENTITIES);
        return PipelineJson.read(file, "named identities").map(root -> {
            if (!root.path("identities").isArray() || !root.path("incidental_identities").isArray()) {
                throw new JobStoreException("corrupt file " + file + ": expected named identities with "
                        + "'identities' and 'incidental_identities'");
            }
            List<String> unclustered = new ArrayList<>();
            root.path("unclustered_track_ids").forEach(n -> unclustered.add(n.asText()));
            List<Unresolved> unresolved = new ArrayList<>();
            root.path("unresolved_edits").forEach(n -> unresolved.add(new Unresolved(n.path("edit").asText(),
                    n.path("kind").asText(), n.path("reason").asText())));
            return new Contents(entries(root.path("identities")), entries(root.path("incidental_identities")),
                    unclustered, unresolved, root.path("cast_version").asLong());
        });
    }

    private static void put(ArrayNode out, List<Entry> entries) {
        for (Entry e : entries) {
            ObjectNode o = out.addObject();
            o.put("id", e.id());
            ArrayNode t = o.putArray("track_ids");
            e.trackIds().forEach(t::add);
            o.put("screen_time_s", Math.round(e.screenTimeSeconds() * 1000) / 1000.0);
            o.put("still", e.still());
            o.put("person_id", e.personId());
            o.put("name", e.name());
            if (e.match() == null) {
                o.putNull("match");
            } else {
                ObjectNode m = o.putObject("match");
                m.put("by", e.match().by());
                putRounded(m, "similarity", e.match().similarity());
                putRounded(m, "runner_up", e.match().runnerUp());
            }
        }
    }

    private static void putRounded(ObjectNode o, String field, Double value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, Math.round(value * 10000) / 10000.0);
        }
    }

    private static List<Entry> entries(JsonNode list) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode n : list) {
            List<String> tracks = new ArrayList<>();
            n.path("track_ids").forEach(t -> tracks.add(t.asText()));
            JsonNode m = n.path("match");
            Match match = m.isObject() ? new Match(m.path("by").asText(), number(m.path("similarity")),
                    number(m.path("runner_up"))) : null;
            out.add(new Entry(n.path("id").asText(), tracks, n.path("screen_time_s").asDouble(),
                    n.path("still").asText(null), n.path("person_id").asText(null), n.path("name").asText(null),
                    match));
        }
        return out;
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }
}
