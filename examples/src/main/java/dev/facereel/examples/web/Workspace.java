package dev.facereel.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.Stage;
import dev.facereel.core.StageReport;
import dev.facereel.core.StageStatus;
import dev.facereel.examples.common.StatusJson;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the web API does, independent of HTTP: registers episodes under the data root, starts, resumes and cancels
 * their jobs, and describes an episode (its stages, the live job and the identities found). Thread-safe: starting
 * jobs is serialised per episode, everything else reads the data root.
 */
final class Workspace {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STILL = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.jpg");

    private final Path root;
    private final FacePipeline pipeline;
    private final JobLauncher launcher;
    private final Map<String, Object> startLocks = new ConcurrentHashMap<>();

    Workspace(Path root, FacePipeline pipeline, JobLauncher launcher) {
        this.root = root;
        this.pipeline = pipeline;
        this.launcher = launcher;
    }

    /** Every registered episode, ordered by key, with its active job id (null if none). */
    ObjectNode episodes() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("episodes");
        Path dir = root.resolve("episodes");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(dir)) {
            folders = s.filter(p -> Files.isRegularFile(p.resolve("episode.json"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path folder : folders) {
            readRecord(folder.getFileName().toString()).ifPresent(record -> {
                ObjectNode e = episodeJson(record);
                e.put("active_job_id", pipeline.status(record.id()).activeJobId());
                list.add(e);
            });
        }
        return out;
    }

    /**
     * Registers an episode: its id and a video file on this machine. Registering the same id with the same video
     * again is harmless.
     *
     * @throws ApiException 400 for a bad id or a missing video, 409 when the id is taken by another video
     */
    ObjectNode register(String id, String video) {
        if (id == null || video == null || video.isBlank()) {
            throw ApiException.badRequest("both 'id' (episode id) and 'video' (path of a video file on the server) are required");
        }
        EpisodeKey key = EpisodeKey.of(id);
        Path file = Path.of(video.strip()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw ApiException.badRequest("video " + file + " does not exist or is not a file; give the path of a video "
                    + "file on the server");
        }
        synchronized (lockOf(key.value())) {
            Optional<EpisodeRecord> existing = readRecord(key.value());
            if (existing.isPresent()) {
                if (!existing.get().video().equals(file.toString())) {
                    throw new ApiException(409, "episode '" + key.value() + "' is already registered with video "
                            + existing.get().video(), Map.of("episode_key", key.value()));
                }
                return episodeJson(existing.get());
            }
            ObjectNode n = JSON.createObjectNode();
            n.put("schema", 1);
            n.put("id", id.strip());
            n.put("key", key.value());
            n.put("video", file.toString());
            writeAtomically(root.resolve("episodes").resolve(key.value()).resolve("episode.json"), n);
            return episodeJson(new EpisodeRecord(id.strip(), key.value(), file.toString()));
        }
    }

    /** The episode page's model: the episode, each stage, the live job, the last job's outcome and the identities. */
    ObjectNode describe(String key) {
        EpisodeRecord record = require(key);
        EpisodeStatus status = pipeline.status(record.id());
        ObjectNode out = JSON.createObjectNode();
        out.set("episode", episodeJson(record));
        out.set("status", StatusJson.of(status));
        JsonNode progress = readJson(root.resolve("episodes").resolve(record.key()).resolve("diagnostics")
                .resolve("pipeline_state.json")).orElse(null);
        out.set("active", activeJson(status, progress));
        if (progress != null && status.activeJobId() == null) {
            ObjectNode last = out.putObject("last_job");
            last.put("job_id", progress.path("job_id").asText(null));
            last.put("status", progress.path("status").asText(null));
            last.put("step", progress.path("step").asText(null));
            last.put("message", progress.path("message").asText(null));
        } else {
            out.putNull("last_job");
        }
        out.set("identities", identities(record).orElse(null));
        return out;
    }

    /**
     * Starts a job that brings the episode up to {@code stageId}, running missing prerequisites first.
     *
     * @throws ApiException 404 for an unknown episode, 400 for an unknown stage, 409 while a live job exists
     */
    ObjectNode start(String key, String stageId) {
        EpisodeRecord record = require(key);
        if (stageId == null) {
            throw ApiException.badRequest("'stage' is required: one of detect, track, stills, cluster");
        }
        Stage target = Stage.fromId(stageId);
        synchronized (lockOf(record.key())) {
            EpisodeStatus before = pipeline.status(record.id());
            if (before.activeJobId() != null) {
                throw alreadyRunning(record, before);
            }
            List<String> missing = new ArrayList<>();
            for (Stage s : target.withPrerequisites()) {
                if (s != target && before.stages().get(s).status() != StageStatus.SUCCEEDED) {
                    missing.add(s.id());
                }
            }
            String jobId = launcher.start(new Episode(record.id(), Path.of(record.video())), target);
            ObjectNode out = JSON.createObjectNode();
            out.put("job_id", jobId);
            out.put("target", target.id());
            ArrayNode auto = out.putArray("auto_run");
            missing.forEach(auto::add);
            return out;
        }
    }

    /**
     * Continues a dead job from its checkpoints in this server.
     *
     * @throws ApiException 409 when the job is alive, 400 when it has ended or is unknown
     */
    ObjectNode resume(String jobId) {
        String id = pipeline.resume(jobId).jobId();
        ObjectNode out = JSON.createObjectNode();
        out.put("job_id", id);
        out.put("resumed", true);
        return out;
    }

    /** Requests cancellation; a dead job is finished as canceled at once. */
    ObjectNode cancel(String jobId) {
        pipeline.cancel(jobId);
        ObjectNode out = JSON.createObjectNode();
        out.put("job_id", jobId);
        out.put("cancel_requested", true);
        return out;
    }

    /** The status of every stage, in the JSON shape of {@code facereel status --json}. */
    ObjectNode status(String key) {
        return StatusJson.of(pipeline.status(require(key).id()));
    }

    /** A still of the episode, for the gallery. */
    Path still(String key, String name) {
        EpisodeRecord record = require(key);
        if (!STILL.matcher(name).matches()) {
            throw ApiException.badRequest("invalid still name '" + name + "'");
        }
        Path p = root.resolve("episodes").resolve(record.key()).resolve("stills").resolve(name);
        if (!Files.isRegularFile(p)) {
            throw ApiException.notFound("no still " + name + " for episode '" + record.key() + "'");
        }
        return p;
    }

    private ApiException alreadyRunning(EpisodeRecord record, EpisodeStatus status) {
        boolean dead = status.stages().values().stream().anyMatch(r -> r.status() == StageStatus.DEAD
                && status.activeJobId().equals(r.jobId()));
        return new ApiException(409, "episode '" + record.key() + "' already has " + (dead ? "a dead job " : "a live job ")
                + status.activeJobId() + (dead ? "; resume or cancel it first" : "; wait for it, or cancel it"),
                Map.of("job_id", status.activeJobId()));
    }

    static ApiException conflict(JobAlreadyRunningException e) {
        return new ApiException(409, e.getMessage(), Map.of("job_id", e.jobId()));
    }

    private JsonNode activeJson(EpisodeStatus status, JsonNode progress) {
        String jobId = status.activeJobId();
        if (jobId == null) {
            return JSON.nullNode();
        }
        ObjectNode a = JSON.createObjectNode();
        a.put("job_id", jobId);
        a.put("target", jobId.substring(0, jobId.indexOf('_')));
        StageReport current = null;
        for (Stage s : Stage.values()) {
            StageReport r = status.stages().get(s);
            if (jobId.equals(r.jobId()) && (r.status() == StageStatus.RUNNING || r.status() == StageStatus.DEAD
                    || r.status() == StageStatus.STALLED)) {
                current = r;
                break;
            }
        }
        a.put("state", current == null ? "running" : current.status().id());
        a.put("reason", current == null ? null : current.message());
        if (current != null && current.heartbeatAgeSeconds() >= 0) {
            a.put("heartbeat_age_s", current.heartbeatAgeSeconds());
        } else {
            a.putNull("heartbeat_age_s");
        }
        if (current != null && current.ownerPid() >= 0) {
            a.put("owner_pid", current.ownerPid());
        } else {
            a.putNull("owner_pid");
        }
        boolean fresh = progress != null && jobId.equals(progress.path("job_id").asText());
        a.put("step", fresh ? progress.path("step").asText() : current == null ? null : current.stage().id());
        a.put("step_index", fresh ? progress.path("step_index").asInt() : 0);
        a.put("total_steps", fresh ? progress.path("total_steps").asInt() : 0);
        a.put("pct", fresh ? progress.path("pct").asDouble() : 0);
        a.put("stage_pct", fresh ? progress.path("stage_pct").asDouble() : current == null ? 0 : current.pct());
        a.put("message", fresh ? progress.path("message").asText(null) : null);
        a.put("frames_done", fresh ? progress.path("frames_done").asLong() : 0);
        a.put("frames_total", fresh ? progress.path("frames_total").asLong() : 0);
        return a;
    }

    private Optional<JsonNode> identities(EpisodeRecord record) {
        Path dir = root.resolve("episodes").resolve(record.key());
        return readJson(dir.resolve("cluster").resolve("clusters.json")).map(clusters -> {
            ArrayNode list = JSON.createArrayNode();
            for (JsonNode identity : clusters.path("identities")) {
                ObjectNode i = list.addObject();
                i.put("id", identity.path("id").asText());
                i.put("track_count", identity.path("track_ids").size());
                i.put("screen_time_s", identity.path("screen_time_s").asDouble());
                String still = identity.path("still").asText("");
                String name = still.substring(still.lastIndexOf('/') + 1);
                if (STILL.matcher(name).matches()) {
                    i.put("still_url", "/api/episodes/" + record.key() + "/stills/" + name);
                } else {
                    i.putNull("still_url");
                }
            }
            return list;
        });
    }

    private EpisodeRecord require(String key) {
        if (key == null || !EpisodeKeyCheck.isKey(key)) {
            throw ApiException.notFound("no episode '" + key + "'");
        }
        return readRecord(key).orElseThrow(() -> ApiException.notFound("no episode '" + key
                + "'; add it first (POST /api/episodes)"));
    }

    private Optional<EpisodeRecord> readRecord(String key) {
        return readJson(root.resolve("episodes").resolve(key).resolve("episode.json"))
                .filter(n -> n.hasNonNull("id") && n.hasNonNull("video"))
                .map(n -> new EpisodeRecord(n.get("id").asText(), key, n.get("video").asText()));
    }

    private Object lockOf(String key) {
        return startLocks.computeIfAbsent(key, k -> new Object());
    }

    private static ObjectNode episodeJson(EpisodeRecord r) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", r.id());
        e.put("key", r.key());
        e.put("video", r.video());
        Path name = Path.of(r.video()).getFileName();
        e.put("video_name", name == null ? r.video() : name.toString());
        return e;
    }

    private static Optional<JsonNode> readJson(Path p) {
        try {
            return Optional.of(JSON.readTree(Files.readAllBytes(p)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // a file being replaced, or damaged: the next poll reads it again
            return Optional.empty();
        }
    }

    private static void writeAtomically(Path target, JsonNode n) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".episode", ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** A registered episode: its id, its key and the absolute path of its video. */
    private record EpisodeRecord(String id, String key, String video) {
    }

    /** Keys in URLs must already be normalised keys; anything else names no episode. */
    private static final class EpisodeKeyCheck {
        private EpisodeKeyCheck() {
        }

        static boolean isKey(String s) {
            try {
                return EpisodeKey.of(s).value().equals(s);
            } catch (InvalidInputException e) {
                return false;
            }
        }
    }
}
