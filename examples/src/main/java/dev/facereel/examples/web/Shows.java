package dev.facereel.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.EpisodeResults;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.ShowCast;
import dev.facereel.core.Stage;
import dev.facereel.core.StageReport;
import dev.facereel.core.StageStatus;
import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Person;
import dev.facereel.core.cast.Reference;
import dev.facereel.examples.common.EpisodeExport;
import dev.facereel.examples.common.SeasonTable;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the season and people pages ask: a show's episodes with their state and the people × episodes table of screen
 * time, its cast with reference photos and stills, corrections of the cast (add photos, rename, remove; each followed
 * by the name stage of the show's episodes), and a queue that analyses episodes one after the other. The queue is
 * kept in {@code web/queue.json} under the data root, so a restarted server carries on with it. Thread-safe.
 */
final class Shows implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Shows.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PHOTO = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.[a-z0-9]{1,5}");
    private static final Duration ANALYSE_WAIT = Duration.ofHours(12);

    private final Workspace workspace;
    private final FacePipeline pipeline;
    private final Path queueFile;
    private final Path uploads;
    /** Episode keys waiting to be analysed, in order; the first is the one being analysed. */
    private final List<String> queue = new ArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "facereel-analyse-queue");
        t.setDaemon(true);
        return t;
    });

    Shows(Workspace workspace, Path dataRoot) {
        this.workspace = workspace;
        this.pipeline = workspace.pipeline();
        this.queueFile = dataRoot.resolve("web").resolve("queue.json");
        this.uploads = dataRoot.resolve("web").resolve("uploads");
        for (String key : readQueue()) {
            enqueue(key);
        }
    }

    /** The shows that have episodes, by name. */
    ObjectNode list() {
        Set<String> names = new java.util.TreeSet<>();
        pipeline.episodes().forEach(e -> names.add(e.show()));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode shows = out.putArray("shows");
        names.forEach(shows::add);
        return out;
    }

    /**
     * The season page's model: the show's episodes (each with its state: done, running, stalled, dead, failed,
     * canceled, stale or new, and whether it waits in the queue), and the table of named people's screen time per
     * analysed episode with totals and share of airtime.
     */
    ObjectNode season(String show) {
        Cast cast = castOf(show).cast();
        ObjectNode out = JSON.createObjectNode();
        out.put("show", show);
        out.put("cast_version", cast.version());
        ArrayNode episodes = out.putArray("episodes");
        List<EpisodeResults> analysed = new ArrayList<>();
        List<String> waiting = queued();
        for (Episode e : episodesOf(show)) {
            EpisodeStatus status = pipeline.status(e.id());
            Optional<EpisodeResults> r = workspace.resultsOf(e);
            r.ifPresent(analysed::add);
            ObjectNode n = Workspace.episodeJson(e);
            n.put("state", state(status, r, cast));
            n.put("active_job_id", status.activeJobId());
            n.put("queued", waiting.contains(e.key().value()));
            if (r.isPresent()) {
                n.put("duration_s", r.get().video().durationSeconds());
            } else {
                n.putNull("duration_s");
            }
            ObjectNode stages = n.putObject("stages");
            status.stages().forEach((stage, report) -> stages.put(stage.id(), report.status().id()));
            episodes.add(n);
        }
        SeasonTable table = SeasonTable.of(show, analysed);
        out.put("airtime_s", table.airtimeSeconds());
        ArrayNode columns = out.putArray("columns");
        for (int i = 0; i < table.columns().size(); i++) {
            columns.addObject().put("episode_id", table.columns().get(i).episodeId())
                    .put("key", analysed.get(i).episode().key().value())
                    .put("duration_s", table.columns().get(i).durationSeconds());
        }
        ArrayNode people = out.putArray("people");
        for (SeasonTable.Row row : table.rows()) {
            ObjectNode p = people.addObject();
            p.put("person_id", row.personId());
            p.put("name", row.name());
            ArrayNode seconds = p.putArray("seconds");
            row.seconds().forEach(seconds::add);
            p.put("total_s", row.totalSeconds());
            p.put("share", row.share());
        }
        ArrayNode q = out.putArray("queue");
        waiting.forEach(q::add);
        return out;
    }

    /** The season table as CSV (as {@code facereel season --format csv} writes it). */
    String seasonCsv(String show) {
        castOf(show);
        List<EpisodeResults> analysed = new ArrayList<>();
        for (Episode e : episodesOf(show)) {
            workspace.resultsOf(e).ifPresent(analysed::add);
        }
        return SeasonTable.of(show, analysed).csv();
    }

    /** The episode's identities as CSV (as {@code facereel export} writes it). */
    String exportCsv(String key) {
        Episode episode = workspace.require(key);
        return workspace.resultsOf(episode).map(r -> EpisodeExport.csv(r, false)).orElseThrow(() ->
                ApiException.notFound("episode '" + key + "' has no identities yet; analyse it first"));
    }

    /**
     * Registers every video directly in a folder under the media roots as an episode of the show (its id is the file
     * name without extension) and queues each for analysis; a video already registered is only queued.
     */
    ObjectNode addFolder(String show, String folder) {
        castOf(show);
        List<Path> videos = workspace.media().videosIn(folder);
        if (videos.isEmpty()) {
            throw ApiException.badRequest("no videos in " + folder);
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode added = out.putArray("episodes");
        for (Path video : videos) {
            String name = video.getFileName().toString();
            String id = name.substring(0, name.lastIndexOf('.'));
            ObjectNode e = workspace.register(id, video.toString(), show);
            added.add(e);
            enqueue(e.path("key").asText());
        }
        out.put("queued", added.size());
        return out;
    }

    /** Queues episodes of the show (their keys) for analysis through the name stage, one after the other. */
    ObjectNode analyse(String show, JsonNode keys) {
        castOf(show);
        if (keys == null || !keys.isArray() || keys.isEmpty()) {
            throw ApiException.badRequest("'episodes' must be a list of episode keys");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode k : keys) {
            if (!k.isTextual()) {
                throw ApiException.badRequest("'episodes' must be a list of episode keys");
            }
            Episode e = workspace.require(k.asText());
            if (!e.show().equals(show)) {
                throw ApiException.badRequest("episode '" + e.key().value() + "' belongs to show '" + e.show() + "'");
            }
            list.add(e.key().value());
        }
        list.forEach(this::enqueue);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode q = out.putArray("queue");
        queued().forEach(q::add);
        return out;
    }

    /** The people page's model: each person with their references, their episodes and total screen time. */
    ObjectNode people(String show) {
        Cast cast = castOf(show).cast();
        Map<String, Map<String, Double>> seconds = new LinkedHashMap<>();
        Map<String, String> episodeIds = new LinkedHashMap<>();
        for (Episode e : episodesOf(show)) {
            Optional<EpisodeResults> r = workspace.resultsOf(e);
            if (r.isEmpty()) {
                continue;
            }
            episodeIds.put(e.key().value(), e.id());
            List<EpisodeResults.Identity> all = new ArrayList<>(r.get().identities());
            all.addAll(r.get().incidentalIdentities());
            for (EpisodeResults.Identity i : all) {
                if (i.isNamed()) {
                    seconds.computeIfAbsent(i.personId(), k -> new LinkedHashMap<>())
                            .merge(e.key().value(), i.screenTimeSeconds(), Double::sum);
                }
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("show", show);
        out.put("version", cast.version());
        ArrayNode people = out.putArray("people");
        for (Person person : cast.people()) {
            ObjectNode p = people.addObject();
            p.put("id", person.id());
            p.put("name", person.name());
            ArrayNode photos = p.putArray("photos");
            ArrayNode stills = p.putArray("stills");
            Set<String> seen = new LinkedHashSet<>();
            for (Reference ref : person.references()) {
                if (ref.fromPhoto()) {
                    String file = Path.of(ref.photo()).getFileName().toString();
                    if (seen.add("photo " + file)) {
                        photos.add("/api/shows/" + show + "/photos/" + file);
                    }
                } else if (ref.track() != null && seen.add(ref.episode() + " " + ref.track().trackId())
                        && episodeIds.containsKey(ref.episode()) && stills.size() < 12) {
                    stills.addObject().put("episode", ref.episode()).put("track", ref.track().trackId())
                            .put("url", "/api/episodes/" + ref.episode() + "/stills/" + ref.track().trackId() + ".jpg");
                }
            }
            ObjectNode counts = p.putObject("reference_counts");
            person.referenceCounts().forEach(counts::put);
            ArrayNode eps = p.putArray("episodes");
            double total = 0;
            for (Map.Entry<String, Double> e : seconds.getOrDefault(person.id(), Map.of()).entrySet()) {
                eps.addObject().put("key", e.getKey()).put("id", episodeIds.get(e.getKey()))
                        .put("screen_time_s", e.getValue());
                total += e.getValue();
            }
            p.put("total_s", total);
        }
        return out;
    }

    /**
     * Adds an uploaded reference photo to the person of this name (created when the cast has none), then names the
     * show's episodes again. The photo is checked to be an image (its first bytes, then by decoding it when it is
     * embedded), kept under a generated name, and must show exactly one face.
     *
     * @throws ApiException 415 when it is not a JPEG, PNG, BMP or WebP file; 409 on a stale version
     */
    ObjectNode addPhoto(String show, String name, String version, byte[] bytes) {
        ShowCast cast = castOf(show);
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("'name' (the person's name) is required");
        }
        String ext = imageExtension(bytes);
        if (ext == null) {
            throw new ApiException(415, "the upload is not an image: give a JPEG, PNG, BMP or WebP photo");
        }
        String notice;
        synchronized (workspace.showLock(show)) {
            requireVersion(show, cast, version);
            Path tmp = uploads.resolve("upload-" + Access.random() + ext);
            try {
                Files.createDirectories(uploads);
                Files.write(tmp, bytes);
                cast.add(name, List.of(tmp));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the upload under " + uploads, e);
            } finally {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.warn("Could not delete the upload {}: {}", tmp, e.getMessage());
                }
            }
            notice = workspace.applyEditsToShow(show);
        }
        return people(show).put("notice", notice);
    }

    ObjectNode rename(String show, String personId, String name, String version) {
        ShowCast cast = castOf(show);
        String notice;
        synchronized (workspace.showLock(show)) {
            requireVersion(show, cast, version);
            cast.rename(person(cast, personId).name(), name == null ? "" : name);
            notice = workspace.applyEditsToShow(show);
        }
        return people(show).put("notice", notice);
    }

    ObjectNode remove(String show, String personId, String version) {
        ShowCast cast = castOf(show);
        String notice;
        synchronized (workspace.showLock(show)) {
            requireVersion(show, cast, version);
            cast.remove(person(cast, personId).name());
            notice = workspace.applyEditsToShow(show);
        }
        return people(show).put("notice", notice);
    }

    /** A reference photo of the show's cast. */
    Path photo(String show, String file) {
        Cast cast = castOf(show).cast();
        if (!PHOTO.matcher(file).matches()) {
            throw ApiException.badRequest("invalid photo name '" + file + "'");
        }
        return cast.people().stream().flatMap(p -> p.references().stream()).filter(Reference::fromPhoto)
                .map(r -> pipeline.dataRoot().resolve(r.photo()).normalize())
                .filter(p -> p.getFileName().toString().equals(file) && p.startsWith(pipeline.dataRoot())
                        && Files.isRegularFile(p))
                .findFirst().orElseThrow(() -> ApiException.notFound("no photo " + file + " in show '" + show + "'"));
    }

    static String imageType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".bmp")) {
            return "image/bmp";
        }
        if (name.endsWith(".webp")) {
            return "image/webp";
        }
        return "image/jpeg";
    }

    /** The extension of an image file's kind, from its first bytes; null when it is none of them. */
    static String imageExtension(byte[] b) {
        if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return ".jpg";
        }
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return ".png";
        }
        if (b.length > 2 && b[0] == 'B' && b[1] == 'M') {
            return ".bmp";
        }
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return ".webp";
        }
        return null;
    }

    private void requireVersion(String show, ShowCast cast, String version) {
        if (version == null) {
            throw ApiException.badRequest("'version' (the page's version of the cast) is required");
        }
        if (!version.equals(Long.toString(cast.cast().version()))) {
            throw new ApiException(409, "the cast changed since this page loaded it (in another tab or window); "
                    + "here it is as it is now", Map.of("state", people(show)));
        }
    }

    private static Person person(ShowCast cast, String id) {
        return cast.cast().person(id).orElseThrow(() -> ApiException.notFound("show '" + cast.show()
                + "' has no person " + id));
    }

    private ShowCast castOf(String show) {
        return pipeline.show(show);
    }

    private List<Episode> episodesOf(String show) {
        return pipeline.episodes().stream().filter(e -> e.show().equals(show)).toList();
    }

    private static String state(EpisodeStatus status, Optional<EpisodeResults> results, Cast cast) {
        if (status.activeJobId() != null) {
            return status.stages().values().stream().filter(r -> status.activeJobId().equals(r.jobId()))
                    .map(StageReport::status).filter(s -> s == StageStatus.DEAD || s == StageStatus.STALLED)
                    .findFirst().map(StageStatus::id).orElse("running");
        }
        List<StageStatus> all = status.stages().values().stream().map(StageReport::status).toList();
        if (all.contains(StageStatus.FAILED)) {
            return "failed";
        }
        if (all.contains(StageStatus.CANCELED)) {
            return "canceled";
        }
        if (all.stream().allMatch(s -> s == StageStatus.MISSING)) {
            return "new";
        }
        if (all.stream().allMatch(s -> s == StageStatus.SUCCEEDED) && results.isPresent()
                && !Workspace.nameStale(results.get(), cast)) {
            return "done";
        }
        return "stale";
    }

    private synchronized List<String> queued() {
        return List.copyOf(queue);
    }

    private void enqueue(String key) {
        synchronized (this) {
            if (queue.contains(key)) {
                return;
            }
            queue.add(key);
            writeQueue();
        }
        worker.submit(() -> analyseNext(key));
    }

    /** Brings one queued episode through the name stage, waiting for a job already running on it first. */
    private void analyseNext(String key) {
        try {
            Optional<Episode> found = pipeline.episode(key);
            if (found.isPresent()) {
                Episode episode = found.get();
                String active = pipeline.status(episode.id()).activeJobId();
                if (active != null) {
                    pipeline.awaitEnd(active, ANALYSE_WAIT);
                }
                if (pipeline.status(episode.id()).activeJobId() == null) {
                    String jobId = workspace.start(key, Stage.NAME.id()).path("job_id").asText();
                    pipeline.awaitEnd(jobId, ANALYSE_WAIT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            // the episode's page and the season table show the job's failure
            LOG.warn("Analysing queued episode {} failed: {}", key, e.getMessage());
        }
        synchronized (this) {
            queue.remove(key);
            writeQueue();
        }
    }

    private List<String> readQueue() {
        if (!Files.isRegularFile(queueFile)) {
            return List.of();
        }
        try {
            JsonNode n = JSON.readTree(queueFile.toFile());
            List<String> keys = new ArrayList<>();
            n.path("queue").forEach(k -> {
                try {
                    keys.add(EpisodeKey.of(k.asText()).value());
                } catch (InvalidInputException bad) {
                    LOG.warn("Leaving '{}' out of the analysis queue: {}", k.asText(), bad.getMessage());
                }
            });
            return keys;
        } catch (IOException e) {
            LOG.warn("The analysis queue {} is unreadable and starts empty: {}", queueFile, e.getMessage());
            return List.of();
        }
    }

    private void writeQueue() {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", 1);
        ArrayNode keys = n.putArray("queue");
        queue.forEach(keys::add);
        try {
            Files.createDirectories(queueFile.getParent());
            Path tmp = queueFile.resolveSibling("queue.json.tmp");
            Files.write(tmp, JSON.writeValueAsBytes(n));
            Files.move(tmp, queueFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("Could not save the analysis queue {}: {}", queueFile, e.getMessage());
        }
    }

    /** Stops the queue; what is left in it is analysed when a server opens the data root again. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
