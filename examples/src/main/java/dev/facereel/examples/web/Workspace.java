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
import dev.facereel.core.ShowCast;
import dev.facereel.core.StageStatus;
import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Person;
import dev.facereel.examples.common.StatusJson;
import dev.facereel.spi.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    /** How long an edit waits for the name stage that applies it before it answers. */
    private static final Duration NAME_WAIT = Duration.ofMinutes(2);

    private final FacePipeline pipeline;
    private final JobLauncher launcher;
    private final MediaRoots media;
    private final Map<String, Object> startLocks = new ConcurrentHashMap<>();
    private final Map<String, Object> showLocks = new ConcurrentHashMap<>();
    private final Map<String, Results> results = new ConcurrentHashMap<>();

    Workspace(FacePipeline pipeline, JobLauncher launcher, MediaRoots media) {
        this.pipeline = pipeline;
        this.launcher = launcher;
        this.media = media;
    }

    FacePipeline pipeline() {
        return pipeline;
    }

    MediaRoots media() {
        return media;
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
    ObjectNode register(String id, String video, String show) {
        if (id == null || video == null || video.isBlank()) {
            throw ApiException.badRequest("both 'id' (episode id) and 'video' (path of a video file on the server) are required");
        }
        EpisodeKey key = EpisodeKey.of(id);
        Path file = media.requireVideo(video);
        String showName = show == null || show.isBlank() ? Episode.DEFAULT_SHOW : show.strip();
        synchronized (lockOf(key.value())) {
            Episode recorded = pipeline.register(new Episode(id.strip(), file, showName));
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
        Optional<EpisodeResults> found = results(episode, status);
        out.set("identities", found.map(r -> identities(episode, r)).orElse(null));
        Cast cast = pipeline.show(episode.show()).cast();
        ObjectNode c = out.putObject("cast");
        c.put("version", cast.version());
        ArrayNode names = c.putArray("people");
        cast.people().forEach(p -> names.addObject().put("id", p.id()).put("name", p.name()));
        if (found.isPresent()) {
            EpisodeResults r = found.get();
            out.put("duration_s", r.video().durationSeconds());
            ArrayNode unresolved = out.putArray("unresolved_edits");
            r.unresolvedEdits().forEach(unresolved::add);
            out.put("name_stale", nameStale(r, cast));
        } else {
            out.putNull("duration_s");
            out.putArray("unresolved_edits");
            out.put("name_stale", false);
        }
        out.put("version", version(cast, found));
        return out;
    }

    /**
     * The version an edit of the page must be based on: the cast's version and the episode's identities. An edit
     * made on an older one is refused with 409 and the fresh state.
     */
    private static String version(Cast cast, Optional<EpisodeResults> results) {
        StringBuilder s = new StringBuilder();
        results.ifPresent(r -> Stream.of(r.identities(), r.incidentalIdentities()).flatMap(List::stream).forEach(i ->
                s.append(i.id()).append(':').append(i.personId()).append(':').append(i.tracks().stream()
                        .map(EpisodeResults.Track::id).toList()).append(';')));
        return cast.version() + "-" + Integer.toHexString(s.toString().hashCode());
    }

    /** Whether the cast changed since the episode's name stage ran: its names may be out of date. */
    static boolean nameStale(EpisodeResults r, Cast cast) {
        String ran = r.settings().getOrDefault(Stage.NAME, Map.of()).get("cast_version");
        return ran == null || !ran.equals(Long.toString(cast.version()));
    }

    /**
     * Applies one correction of the episode's identities, made on the page's {@code version} of them, then runs the
     * name stage so that the answer (the page's fresh model) shows it. While a job runs on the episode the edit is
     * stored at once and that job, or the next name run, applies it.
     *
     * @throws ApiException 409 with the fresh {@code state} when the page's version is stale; 400 for a bad edit
     */
    ObjectNode edit(String key, JsonNode body) {
        Episode episode = require(key);
        String action = text(body, "action");
        String version = text(body, "version");
        if (action == null || version == null) {
            throw ApiException.badRequest("an edit needs 'action' (name, unname, rename, merge or move) and 'version' "
                    + "(the page's version of the episode)");
        }
        ShowCast cast = pipeline.show(episode.show());
        String notice;
        synchronized (showLock(episode.show())) {
            ObjectNode now = describe(key);
            if (!now.path("version").asText().equals(version)) {
                throw new ApiException(409, "the episode changed since this page loaded it (in another tab or "
                        + "window); here it is as it is now, make the edit again if it still applies",
                        Map.of("state", now));
            }
            String identity = text(body, "identity");
            switch (action) {
                case "name" -> cast.name(episode.id(), require(identity, "identity"), require(text(body, "name"), "name"));
                case "unname" -> cast.unname(episode.id(), require(identity, "identity"));
                case "rename" -> {
                    String person = require(text(body, "person"), "person");
                    String from = cast.cast().person(person).map(Person::name).orElseThrow(() ->
                            ApiException.badRequest("show '" + episode.show() + "' has no person " + person));
                    cast.rename(from, require(text(body, "name"), "name"));
                }
                case "merge" -> {
                    JsonNode ids = body.get("identities");
                    if (ids == null || !ids.isArray()) {
                        throw ApiException.badRequest("'identities' must be a list of identity ids");
                    }
                    List<String> list = new java.util.ArrayList<>();
                    ids.forEach(n -> {
                        if (!n.isTextual()) {
                            throw ApiException.badRequest("'identities' must be a list of identity ids");
                        }
                        list.add(n.asText());
                    });
                    cast.merge(episode.id(), list);
                }
                case "move" -> cast.move(episode.id(), require(text(body, "track"), "track"), text(body, "to"));
                default -> throw ApiException.badRequest("unknown edit action '" + action
                        + "'; expected name, unname, rename, merge or move");
            }
            notice = action.equals("rename") ? applyEditsToShow(episode.show()) : applyEdits(episode);
        }
        ObjectNode out = describe(key);
        out.put("notice", notice);
        return out;
    }

    /**
     * Runs the name stage of the episode and waits for it, so that the edits just made show; null when it ran, else
     * why not (a job already owns the episode: that job, or the next name run, applies them).
     */
    String applyEdits(Episode episode) {
        if (pipeline.status(episode.id()).activeJobId() != null) {
            return "A job is running on this episode: the edit is saved and its name stage applies it.";
        }
        try {
            String jobId;
            synchronized (lockOf(episode.key().value())) {
                jobId = launcher.start(episode, Stage.NAME);
            }
            if (!pipeline.awaitEnd(jobId, NAME_WAIT)) {
                return "The edit is saved; job " + jobId + " is still applying it.";
            }
            return null;
        } catch (JobAlreadyRunningException e) {
            return "A job is running on this episode: the edit is saved and its name stage applies it.";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "The edit is saved; its name stage was interrupted.";
        }
    }

    /** Runs the name stage of every analysed episode of the show, one after the other; null when all ran. */
    String applyEditsToShow(String show) {
        List<String> notes = new java.util.ArrayList<>();
        for (Episode e : pipeline.episodes()) {
            if (e.show().equals(show) && results(e, pipeline.status(e.id())).isPresent()) {
                String note = applyEdits(e);
                if (note != null) {
                    notes.add(e.id() + ": " + note);
                }
            }
        }
        return notes.isEmpty() ? null : String.join(" ", notes);
    }

    Object showLock(String show) {
        return showLocks.computeIfAbsent(show, k -> new Object());
    }

    /** The episode's results, from the cache the page's polling keeps fresh; empty before clustering. */
    Optional<EpisodeResults> resultsOf(Episode episode) {
        return results(episode, pipeline.status(episode.id()));
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("'" + field + "' is required for this edit");
        }
        return value;
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("'" + field + "' must be a string");
        }
        return v.asText();
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

    /**
     * Requests cancellation; a dead job is finished as canceled at once. {@code force} stops a worker that does not
     * acknowledge: after two heartbeat intervals its process is terminated (a job of this server is taken from its
     * wedged thread instead) and the job is finished as canceled.
     */
    ObjectNode cancel(String jobId, boolean force) {
        if (force) {
            try {
                pipeline.forceCancel(jobId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "interrupted while stopping job " + jobId);
            }
        } else {
            pipeline.cancel(jobId);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("job_id", jobId);
        out.put("cancel_requested", true);
        out.put("forced", force);
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

    /**
     * The identities, cast then incidental: each with its name and how it got it, its still, its tracks (each with
     * its time span and still) and its on-screen intervals.
     */
    private static ArrayNode identities(Episode episode, EpisodeResults results) {
        ArrayNode list = JSON.createArrayNode();
        double period = results.samplePeriodSeconds();
        for (EpisodeResults.Identity identity : results.identities()) {
            identity(list.addObject(), episode, identity, period).put("incidental", false);
        }
        for (EpisodeResults.Identity identity : results.incidentalIdentities()) {
            identity(list.addObject(), episode, identity, period).put("incidental", true);
        }
        return list;
    }

    private static ObjectNode identity(ObjectNode i, Episode episode, EpisodeResults.Identity identity, double period) {
        i.put("id", identity.id());
        i.put("track_count", identity.tracks().size());
        i.put("screen_time_s", identity.screenTimeSeconds());
        i.put("still_url", stillUrl(episode, identity.still()));
        i.put("person_id", identity.personId());
        i.put("name", identity.name());
        if (identity.match() == null) {
            i.putNull("match");
        } else {
            ObjectNode m = i.putObject("match");
            m.put("by_user", identity.match().byUser());
            m.put("similarity", identity.match().similarity());
            m.put("runner_up", identity.match().runnerUp());
        }
        ArrayNode tracks = i.putArray("tracks");
        for (EpisodeResults.Track t : identity.tracks()) {
            tracks.addObject().put("id", t.id()).put("shot", t.shot())
                    .put("start_s", t.faces().get(0).timeSeconds())
                    .put("end_s", t.faces().get(t.faces().size() - 1).timeSeconds() + period)
                    .put("still_url", stillUrl(episode, t.still()));
        }
        ArrayNode intervals = i.putArray("intervals");
        identity.intervals(period).forEach(span -> intervals.addArray().add(span[0]).add(span[1]));
        return i;
    }

    private static String stillUrl(Episode episode, Path still) {
        String name = still == null ? "" : still.getFileName().toString();
        return STILL.matcher(name).matches() ? "/api/episodes/" + episode.key().value() + "/stills/" + name : null;
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

    Episode require(String key) {
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

    static ObjectNode episodeJson(Episode episode) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", episode.id());
        e.put("key", episode.key().value());
        e.put("show", episode.show());
        e.put("video", episode.video().toString());
        Path name = episode.video().getFileName();
        e.put("video_name", name == null ? episode.video().toString() : name.toString());
        return e;
    }

    /** The results read for one set of the stages' jobs and statuses. */
    private record Results(List<String> stamp, Optional<EpisodeResults> results) {
    }
}
