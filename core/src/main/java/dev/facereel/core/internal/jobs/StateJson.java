package dev.facereel.core.internal.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.CorruptFileException;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.LockOwner;
import dev.facereel.core.jobs.StageState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The JSON form of the state and result files. Every file carries {@code "schema": 1}. */
public final class StateJson {
    static final int SCHEMA = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StateJson() {
    }

    /** A new JSON object carrying the schema version. */
    public static ObjectNode object() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("schema", SCHEMA);
        return node;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new JobStoreException("could not encode state: " + e, e);
        }
    }

    /**
     * Parses a state file and checks its schema; {@code what} says what the file should hold.
     *
     * @throws CorruptFileException naming the file when it is not such JSON
     */
    public static JsonNode parse(byte[] data, Path file, String what) {
        return parse(data, problem -> corrupt(file, what, problem));
    }

    /** Parses state JSON read from {@code source} (e.g. {@code row 7 of jobs}) and checks its schema. */
    public static JsonNode parse(byte[] data, String source, String what) {
        return parse(data, problem -> corrupt(source, what, problem));
    }

    private static JsonNode parse(byte[] data, Function<String, JobStoreException> corrupt) {
        JsonNode node;
        try {
            node = MAPPER.readTree(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw corrupt.apply("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw corrupt.apply("unreadable (" + e.getMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw corrupt.apply(data.length == 0 ? "it is empty" : "not a JSON object");
        }
        JsonNode schema = node.get("schema");
        if (schema == null || !schema.isInt()) {
            throw corrupt.apply("no \"schema\" field");
        }
        if (schema.intValue() != SCHEMA) {
            throw corrupt.apply("its schema is " + schema.intValue() + ", but this version reads schema " + SCHEMA);
        }
        return node;
    }

    static JobStoreException corrupt(Path file, String what, String problem) {
        return new CorruptFileException(file, problem, what);
    }

    static JobStoreException corrupt(String source, String what, String problem) {
        return new JobStoreException("corrupt " + source + ": " + problem + "; expected " + what);
    }

    // --- job envelope ---------------------------------------------------------------------------------

    public static byte[] envelope(JobEnvelope env) {
        ObjectNode n = object();
        n.put("job_id", env.id().value());
        n.put("episode_key", env.episode().value());
        n.put("target", env.target().id());
        n.put("status", name(env.status()));
        n.put("created_at", env.createdAt().toString());
        n.put("updated_at", env.updatedAt().toString());
        n.put("lease_epoch", env.leaseEpoch());
        n.put("cancel_requested", env.cancelRequested());
        n.put("error", env.error());
        ObjectNode params = n.putObject("params");
        new TreeMap<>(env.params()).forEach(params::put);
        ObjectNode stages = n.putObject("stages");
        env.stages().forEach((stage, st) -> {
            ObjectNode s = stages.putObject(stage.id());
            s.put("status", name(st.status()));
            s.put("started_at", str(st.startedAt()));
            s.put("updated_at", str(st.updatedAt()));
            s.put("heartbeat_seq", st.heartbeatSeq());
            ObjectNode p = s.putObject("progress");
            p.put("units_done", st.unitsDone());
            p.put("units_total", st.unitsTotal());
            p.put("pct", st.pct());
            p.put("moved_at", str(st.progressAt()));
            s.put("checkpoint", st.checkpoint());
            ObjectNode r = s.putObject("result");
            new TreeMap<>(st.result()).forEach(r::put);
            s.put("error", st.error());
        });
        return bytes(n);
    }

    static JobEnvelope envelope(byte[] data, Path file) {
        return envelope(data, "state file " + file);
    }

    /** Reads an envelope; {@code source} names where the bytes came from in an error. */
    public static JobEnvelope envelope(byte[] data, String source) {
        String what = "a job envelope (schema 1)";
        JsonNode n = parse(data, source, what);
        try {
            Map<Stage, StageState> stages = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = required(n, "stages").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode s = e.getValue();
                JsonNode p = required(s, "progress");
                stages.put(Stage.of(e.getKey()), new StageState(status(required(s, "status").asText()),
                        instant(s.get("started_at")), instant(s.get("updated_at")),
                        required(s, "heartbeat_seq").asLong(), required(p, "units_done").asLong(),
                        required(p, "units_total").asLong(), required(p, "pct").asDouble(), instant(p.get("moved_at")),
                        required(s, "checkpoint").asLong(), strings(s.get("result")), text(s.get("error"))));
            }
            return new JobEnvelope(JobId.of(required(n, "job_id").asText()),
                    new EpisodeKey(required(n, "episode_key").asText()), Stage.of(required(n, "target").asText()),
                    status(required(n, "status").asText()), instant(required(n, "created_at")),
                    instant(required(n, "updated_at")), required(n, "lease_epoch").asLong(), stages,
                    strings(n.get("params")), n.path("cancel_requested").asBoolean(false), text(n.get("error")));
        } catch (RuntimeException e) {
            if (e instanceof JobStoreException jse) {
                throw jse;
            }
            throw corrupt(source, what, e.getMessage());
        }
    }

    // --- lease ----------------------------------------------------------------------------------------

    /** A lease as stored: the owner, and whether it holds the OS file lock on {@code .lock}. */
    record StoredLease(LockOwner owner, boolean osLocked) {
    }

    static byte[] lease(LockOwner o, boolean osLocked) {
        ObjectNode n = object();
        n.put("job_id", o.jobId().value());
        n.put("pid", o.pid());
        n.put("host", o.host());
        n.put("process_start", str(o.processStart()));
        n.put("epoch", o.epoch());
        n.put("started_at", o.startedAt().toString());
        n.put("os_lock", osLocked);
        return bytes(n);
    }

    static StoredLease lease(byte[] data, Path file) {
        String what = "an episode lease (schema 1)";
        JsonNode n = parse(data, file, what);
        try {
            return new StoredLease(new LockOwner(JobId.of(required(n, "job_id").asText()), required(n, "pid").asLong(),
                    required(n, "host").asText(), instant(n.get("process_start")), required(n, "epoch").asLong(),
                    instant(required(n, "started_at"))), n.path("os_lock").asBoolean(false));
        } catch (RuntimeException e) {
            if (e instanceof JobStoreException jse) {
                throw jse;
            }
            throw corrupt(file, what, e.getMessage());
        }
    }

    // --- runtime --------------------------------------------------------------------------------------

    static byte[] runtime(Map<Stage, JobId> active, Instant now) {
        ObjectNode n = object();
        ObjectNode jobs = n.putObject("active_jobs");
        active.forEach((stage, id) -> jobs.put(stage.id(), id.value()));
        n.put("updated_at", now.toString());
        return bytes(n);
    }

    static Map<Stage, JobId> runtime(byte[] data, Path file) {
        String what = "an episode runtime record (schema 1)";
        JsonNode n = parse(data, file, what);
        try {
            Map<Stage, JobId> active = new LinkedHashMap<>();
            required(n, "active_jobs").fields().forEachRemaining(e -> active.put(Stage.of(e.getKey()),
                    JobId.of(e.getValue().asText())));
            return active;
        } catch (RuntimeException e) {
            if (e instanceof JobStoreException jse) {
                throw jse;
            }
            throw corrupt(file, what, e.getMessage());
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return v;
    }

    private static String name(JobStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static JobStatus status(String s) {
        try {
            return JobStatus.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown status \"" + s + "\"");
        }
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
