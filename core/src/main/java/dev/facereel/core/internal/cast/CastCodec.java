package dev.facereel.core.internal.cast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Edit;
import dev.facereel.core.cast.Person;
import dev.facereel.core.cast.Reference;
import dev.facereel.core.cast.TrackAnchor;
import dev.facereel.core.internal.jobs.StateJson;
import dev.facereel.spi.BoundingBox;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The cast document, {@code shows/<show>/cast.json} in a file store and one row's text in PostgreSQL: its one
 * writer and reader. Vectors are little-endian float32, base64-encoded; {@code reference_counts} is written for
 * readers and recomputed from the references when read.
 */
public final class CastCodec {
    private static final String WHAT = "a cast (schema, show, version, people, edits)";

    private CastCodec() {
    }

    public static byte[] encode(Cast cast) {
        ObjectNode root = StateJson.object();
        root.put("show", cast.show());
        root.put("version", cast.version());
        ArrayNode people = root.putArray("people");
        for (Person p : cast.people()) {
            ObjectNode n = people.addObject();
            n.put("id", p.id());
            n.put("name", p.name());
            ObjectNode counts = n.putObject("reference_counts");
            p.referenceCounts().forEach(counts::put);
            ArrayNode refs = n.putArray("references");
            for (Reference r : p.references()) {
                ObjectNode rn = refs.addObject();
                rn.put("model_id", r.modelId());
                rn.put("vector", vector(r.vector()));
                if (r.fromPhoto()) {
                    rn.put("photo", r.photo());
                } else {
                    rn.put("episode", r.episode());
                    anchor(rn.putObject("track"), r.track());
                }
            }
        }
        ArrayNode edits = root.putArray("edits");
        for (Edit e : cast.edits()) {
            ObjectNode n = edits.addObject();
            n.put("id", e.id());
            n.put("at", e.at().toString());
            n.put("kind", e.kind().id());
            if (e.episode() != null) {
                n.put("episode", e.episode());
            }
            if (e.person() != null) {
                n.put("person", e.person());
            }
            if (e.name() != null) {
                n.put("name", e.name());
            }
            anchors(n.putArray("tracks"), e.tracks());
            anchors(n.putArray("with"), e.with());
        }
        return StateJson.bytes(root);
    }

    /** The cast in a file. @throws JobStoreException naming the file when it is not a cast document */
    public static Cast decode(byte[] data, Path file) {
        return decode(StateJson.parse(data, file, WHAT), problem -> new dev.facereel.core.CorruptFileException(file,
                problem, WHAT));
    }

    /** The cast read from {@code source}, such as {@code the cast row of show 'x'}. */
    public static Cast decode(byte[] data, String source) {
        return decode(StateJson.parse(data, source, WHAT), problem -> new JobStoreException("corrupt " + source + ": "
                + problem + "; expected " + WHAT));
    }

    private static Cast decode(JsonNode root, Function<String, JobStoreException> corrupt) {
        try {
            List<Person> people = new ArrayList<>();
            for (JsonNode n : array(root, "people")) {
                List<Reference> refs = new ArrayList<>();
                for (JsonNode rn : array(n, "references")) {
                    refs.add(new Reference(text(rn, "model_id"), vector(text(rn, "vector")),
                            rn.hasNonNull("episode") ? rn.get("episode").asText() : null,
                            rn.has("track") ? anchor(rn.get("track")) : null,
                            rn.hasNonNull("photo") ? rn.get("photo").asText() : null));
                }
                people.add(new Person(text(n, "id"), text(n, "name"), refs));
            }
            List<Edit> edits = new ArrayList<>();
            for (JsonNode n : array(root, "edits")) {
                edits.add(new Edit(text(n, "id"), Instant.parse(text(n, "at")),
                        Edit.Kind.valueOf(text(n, "kind").toUpperCase(Locale.ROOT)), optional(n, "episode"),
                        optional(n, "person"), optional(n, "name"), anchors(n.path("tracks")),
                        anchors(n.path("with"))));
            }
            if (!root.path("version").canConvertToLong()) {
                throw new IllegalArgumentException("no version");
            }
            return new Cast(text(root, "show"), root.get("version").asLong(), people, edits);
        } catch (RuntimeException e) {
            throw corrupt.apply(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static void anchors(ArrayNode out, List<TrackAnchor> anchors) {
        anchors.forEach(a -> anchor(out.addObject(), a));
    }

    private static void anchor(ObjectNode n, TrackAnchor a) {
        n.put("track", a.trackId());
        n.put("first_frame", a.firstFrame());
        n.put("last_frame", a.lastFrame());
        ArrayNode box = n.putArray("box");
        box.add(a.firstBox().x1()).add(a.firstBox().y1()).add(a.firstBox().x2()).add(a.firstBox().y2());
    }

    private static List<TrackAnchor> anchors(JsonNode list) {
        List<TrackAnchor> out = new ArrayList<>();
        list.forEach(n -> out.add(anchor(n)));
        return out;
    }

    private static TrackAnchor anchor(JsonNode n) {
        JsonNode box = n.path("box");
        if (!box.isArray() || box.size() != 4) {
            throw new IllegalArgumentException("a track anchor without a box of 4 numbers");
        }
        return new TrackAnchor(text(n, "track"), n.path("first_frame").asInt(-1), n.path("last_frame").asInt(-1),
                new BoundingBox(box.get(0).floatValue(), box.get(1).floatValue(), box.get(2).floatValue(),
                        box.get(3).floatValue()));
    }

    private static String vector(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            buf.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(buf.array());
    }

    private static float[] vector(String base64) {
        ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() % Float.BYTES != 0) {
            throw new IllegalArgumentException("a reference vector of " + buf.remaining() + " bytes");
        }
        float[] v = new float[buf.remaining() / Float.BYTES];
        buf.asFloatBuffer().get(v);
        return v;
    }

    private static Iterable<JsonNode> array(JsonNode n, String field) {
        JsonNode a = n.get(field);
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException("no '" + field + "' list");
        }
        return a;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no '" + field + "'");
        }
        return v.asText();
    }

    private static String optional(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
