package dev.facereel.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.AutoRun;
import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.EpisodeResults;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.ProgressEvent;
import dev.facereel.core.Stage;
import dev.facereel.core.StageReport;
import dev.facereel.core.StageStatus;
import dev.facereel.examples.common.StatusJson;
import dev.facereel.spi.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the web API does, independent of HTTP: registers episodes, starts, resumes and cancels their jobs, and
 * describes an episode (its stages, the live job and the identities found), all through the {@link FacePipeline}.
 * Thread-safe: starting jobs is serialised per episode, everything else reads the data root.
 */
final class Workspace {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STILL = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.jpg");

    private final FacePipeline pipeline;
    private final JobLauncher launcher;
    private final Map<String, Object> startLocks = new ConcurrentHashMap<>();
    private final Map<String, Results> results = new ConcurrentHashMap<>();

    Workspace(FacePipeline pipeline, JobLauncher launcher) {
        this.pipeline = pipeline;
        this.launcher = launcher;
    }

    /** The pipeline's stages in the order they run, each with the stages it needs. */
    ObjectNode stages() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("stages");
        for (Stage stage : pipeline.stages()) {
            ObjectNode s = list.addObject();
            s.put("id", stage.id());
            ArrayNode needs = s.putArray("prerequisites");
            prerequisites(stage).forEach(p -> needs.add(p.id()));
        }
        return out;
    }

    /** Every registered episode, ordered by key, with its active job id (null if none). */
    ObjectNode episodes() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("episodes");
        for (Episode episode : pipeline.episodes()) {
            list.add(episodeJson(episode).put("active_job_id", pipeline.status(episode.id()).activeJobId()));
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
            Episode recorded = pipeline.register(new Episode(id.strip(), file));
            if (!recorded.video().equals(file)) {
                throw new ApiException(409, "episode '" + key.value() + "' is already registered with video "
                        + recorded.video(), Map.of("episode_key", key.value()));
            }
            return episodeJson(recorded);
        }
    }

    /** The episode page's model: the episode, each stage, the live job, the last job's outcome and the identities. */
    ObjectNode describe(String key) {
        Episode episode = require(key);
        EpisodeStatus status = pipeline.status(episode.id());
        Optional<ProgressEvent> progress = pipeline.lastProgress(episode.id());
        ObjectNode out = JSON.createObjectNode();
        out.set("episode", episodeJson(episode));
        out.set("status", StatusJson.of(status));
        out.set("active", activeJson(status, progress));
        if (progress.isPresent() && status.activeJobId() == null) {
            ProgressEvent p = progress.get();
            ObjectNode last = out.putObject("last_job");
            last.put("job_id", p.jobId());
            last.put("status", p.status());
            last.put("step", p.stage().id());
            last.put("message", p.message());
            putJob(last, status, p.jobId());
        } else {
            out.putNull("last_job");
        }
        out.set("identities", results(episode, status).map(r -> identities(episode, r)).orElse(null));
        return out;
    }

    /**
     * Starts a job that brings the episode up to {@code stageId}, running missing prerequisites first.
     *
     * @throws ApiException 404 for an unknown episode, 400 for an unknown stage, 409 while a live job exists
     */
    ObjectNode start(String key, String stageId) {
        Episode episode = require(key);
        if (stageId == null) {
            throw ApiException.badRequest("'stage' is required: one of "
                    + String.join(", ", pipeline.stages().stream().map(Stage::id).toList()));
        }
        Stage target = Stage.fromId(stageId, pipeline.stages());
        synchronized (lockOf(episode.key().value())) {
            EpisodeStatus before = pipeline.status(episode.id());
            if (before.activeJobId() != null) {
                throw alreadyRunning(episode, before);
            }
            List<Stage> missing = prerequisites(target).stream()
                    .filter(s -> before.stages().get(s).status() != StageStatus.SUCCEEDED).toList();
            String jobId = launcher.start(episode, target);
            ObjectNode out = JSON.createObjectNode();
            out.put("job_id", jobId);
            out.put("target", target.id());
            ArrayNode auto = out.putArray("auto_run");
            missing.forEach(s -> auto.add(s.id()));
            out.put("message", pipeline.autoRun(target, missing).map(AutoRun::message)
                    .orElse("Starting " + target.id() + "…"));
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

    /** A still of the episode's results, for the gallery. */
    Path still(String key, String name) {
        Episode episode = require(key);
        if (!STILL.matcher(name).matches()) {
            throw ApiException.badRequest("invalid still name '" + name + "'");
        }
        return results(episode, pipeline.status(episode.id())).stream().flatMap(Workspace::stills)
                .filter(p -> p.getFileName().toString().equals(name) && Files.isRegularFile(p)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no still " + name + " for episode '" + key + "'"));
    }

    private List<Stage> prerequisites(Stage stage) {
        return pipeline.withPrerequisites(stage).stream().filter(s -> !s.equals(stage)).toList();
    }

    private ApiException alreadyRunning(Episode episode, EpisodeStatus status) {
        boolean dead = status.stages().values().stream().anyMatch(r -> r.status() == StageStatus.DEAD
                && status.activeJobId().equals(r.jobId()));
        return new ApiException(409, "episode '" + episode.key().value() + "' already has "
                + (dead ? "a dead job " : "a live job ") + status.activeJobId()
                + (dead ? "; resume or cancel it first" : "; wait for it, or cancel it"),
                Map.of("job_id", status.activeJobId()));
    }

    static ApiException conflict(JobAlreadyRunningException e) {
        return new ApiException(409, e.getMessage(), Map.of("job_id", e.jobId()));
    }

    private JsonNode activeJson(EpisodeStatus status, Optional<ProgressEvent> progress) {
        String jobId = status.activeJobId();
        if (jobId == null) {
            return JSON.nullNode();
        }
        ObjectNode a = JSON.createObjectNode();
        a.put("job_id", jobId);
        StageReport current = status.stages().values().stream().filter(r -> jobId.equals(r.jobId())
                && (r.status() == StageStatus.RUNNING || r.status() == StageStatus.DEAD
                || r.status() == StageStatus.STALLED)).findFirst().orElse(null);
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
        Optional<ProgressEvent> fresh = progress.filter(p -> jobId.equals(p.jobId()));
        a.put("step", fresh.map(p -> p.stage().id()).orElse(current == null ? null : current.stage().id()));
        a.put("step_index", fresh.map(ProgressEvent::stepIndex).orElse(0));
        a.put("total_steps", fresh.map(ProgressEvent::totalSteps).orElse(0));
        a.put("pct", fresh.map(ProgressEvent::overallPct).orElse(0.0));
        a.put("stage_pct", fresh.map(ProgressEvent::stagePct).orElse(current == null ? 0 : current.pct()));
        a.put("message", fresh.map(ProgressEvent::message).orElse(null));
        a.put("frames_done", fresh.map(ProgressEvent::framesDone).orElse(0L));
        a.put("frames_total", fresh.map(ProgressEvent::framesTotal).orElse(0L));
        putJob(a, status, jobId);
        return a;
    }

    /**
     * The job's {@code target} (the first part of its id) and {@code auto_run}: the prerequisites it ran or runs
     * before the target: their ids ({@code stages}), the line that announces them ({@code message}) and the one for
     * once they are done ({@code done_message}); null when there are none.
     */
    private void putJob(ObjectNode job, EpisodeStatus status, String jobId) {
        Stage target = Stage.fromId(jobId.substring(0, jobId.indexOf('_')), pipeline.stages());
        job.put("target", target.id());
        Optional<AutoRun> autoRun = pipeline.autoRun(target, prerequisites(target).stream()
                .filter(s -> jobId.equals(status.stages().get(s).jobId())).toList());
        job.set("auto_run", autoRun.<JsonNode>map(run -> {
            ObjectNode n = JSON.createObjectNode();
            run.prerequisites().forEach(s -> n.withArray("stages").add(s.id()));
            n.put("message", run.message());
            n.put("done_message", run.doneMessage());
            return n;
        }).orElse(JSON.nullNode()));
    }

    private static ArrayNode identities(Episode episode, EpisodeResults results) {
        ArrayNode list = JSON.createArrayNode();
        for (EpisodeResults.Identity identity : results.identities()) {
            ObjectNode i = list.addObject();
            i.put("id", identity.id());
            i.put("track_count", identity.tracks().size());
            i.put("screen_time_s", identity.screenTimeSeconds());
            String name = identity.still() == null ? "" : identity.still().getFileName().toString();
            if (STILL.matcher(name).matches()) {
                i.put("still_url", "/api/episodes/" + episode.key().value() + "/stills/" + name);
            } else {
                i.putNull("still_url");
            }
        }
        return list;
    }

    /** Every still of the results: the identities' and their tracks'. */
    private static Stream<Path> stills(EpisodeResults r) {
        return Stream.of(r.identities(), r.incidentalIdentities()).flatMap(List::stream)
                .flatMap(i -> Stream.concat(Stream.of(i.still()), i.tracks().stream().map(EpisodeResults.Track::still)))
                .filter(Objects::nonNull);
    }

    /**
     * The episode's results, read again only when a stage's job or status changed: the page polls every second and
     * asks for each still, and reading them parses every line of the detect results. Empty before clustering, and while a result file cannot be read: it may be being
     * replaced, and the next poll tries again.
     */
    private Optional<EpisodeResults> results(Episode episode, EpisodeStatus status) {
        List<String> stamp = status.stages().values().stream().map(r -> r.jobId() + " " + r.status().id()).toList();
        Results cached = results.get(episode.key().value());
        if (cached != null && cached.stamp().equals(stamp)) {
            return cached.results();
        }
        try {
            Optional<EpisodeResults> read = pipeline.results(episode.id());
            results.put(episode.key().value(), new Results(stamp, read));
            return read;
        } catch (JobStoreException unreadable) {
            return Optional.empty();
        }
    }

    private Episode require(String key) {
        if (key == null || !isKey(key)) {
            throw ApiException.notFound("no episode '" + key + "'");
        }
        return pipeline.episode(key)
                .orElseThrow(() -> ApiException.notFound("no episode '" + key + "'; add it first (POST /api/episodes)"));
    }

    /** Keys in URLs must already be normalised keys; anything else names no episode. */
    private static boolean isKey(String s) {
        try {
            return EpisodeKey.of(s).value().equals(s);
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private Object lockOf(String key) {
        return startLocks.computeIfAbsent(key, k -> new Object());
    }

    private static ObjectNode episodeJson(Episode episode) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", episode.id());
        e.put("key", episode.key().value());
        e.put("video", episode.video().toString());
        Path name = episode.video().getFileName();
        e.put("video_name", name == null ? episode.video().toString() : name.toString());
        return e;
    }

    /** The results read for one set of the stages' jobs and statuses. */
    private record Results(List<String> stamp, Optional<EpisodeResults> results) {
    }
}
