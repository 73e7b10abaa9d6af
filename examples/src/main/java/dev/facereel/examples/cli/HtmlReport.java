package dev.facereel.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.Stage;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.StageState;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders an episode's results as one HTML page with every image inlined: a card per identity with its still,
 * face thumbnails from its tracks, its screen time and a timeline of where it appears, then the run's settings and
 * stage timings.
 */
final class HtmlReport {
    private static final int THUMBNAILS = 8;
    private final Path episodeDir;
    private final String episodeId;
    private final Optional<JobEnvelope> job;
    private final ObjectMapper json = new ObjectMapper();

    HtmlReport(Path episodeDir, String episodeId, Optional<JobEnvelope> job) {
        this.episodeDir = episodeDir;
        this.episodeId = episodeId;
        this.job = job;
    }

    String render() throws IOException {
        JsonNode clusters = read("cluster/clusters.json");
        JsonNode episode = read("episode.json");
        double fps = episode.path("fps").asDouble(25);
        double duration = episode.path("frame_count").asDouble() / fps;
        Map<String, JsonNode> tracks = new HashMap<>();
        for (JsonNode t : read("track/tracks.json").path("tracks")) {
            tracks.put(t.path("id").asText(), t);
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>FaceReel: ")
                .append(esc(episodeId)).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;background:#fafafa;color:#222}")
                .append(".cards{display:flex;flex-wrap:wrap;gap:1rem}.card{background:#fff;border:1px solid #ddd;")
                .append("border-radius:8px;padding:1rem;width:340px}.still{width:160px;height:160px;object-fit:cover;")
                .append("border-radius:6px}.thumbs img{width:48px;height:48px;object-fit:cover;margin:2px;border-radius:4px}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}")
                .append("</style></head><body>");
        html.append("<h1>").append(esc(episodeId)).append("</h1><p>")
                .append(clusters.path("identities").size()).append(" identities in ")
                .append(String.format(Locale.ROOT, "%.1f", duration)).append(" s of video (")
                .append(esc(episode.path("video").asText())).append(")</p><div class=\"cards\">");
        for (JsonNode identity : clusters.path("identities")) {
            html.append("<div class=\"card\"><h2>").append(esc(identity.path("id").asText())).append("</h2>");
            html.append(img(identity.path("still").asText(), "still"));
            html.append(String.format(Locale.ROOT, "<p>Screen time: <b>%.1f s</b> in %d tracks</p>",
                    identity.path("screen_time_s").asDouble(), identity.path("track_ids").size()));
            html.append("<div class=\"thumbs\">");
            int shown = 0;
            for (JsonNode id : identity.path("track_ids")) {
                if (shown++ == THUMBNAILS) {
                    break;
                }
                html.append(img("stills/" + id.asText() + ".jpg", "thumb"));
            }
            html.append("</div>").append(timeline(identity, tracks, fps, duration)).append("</div>");
        }
        html.append("</div>").append(settings()).append("</body></html>");
        return html.toString();
    }

    /** A bar across the episode with a mark wherever one of the identity's tracks appears. */
    private static String timeline(JsonNode identity, Map<String, JsonNode> tracks, double fps, double duration) {
        StringBuilder svg = new StringBuilder("<svg class=\"timeline\" viewBox=\"0 0 300 24\" width=\"300\" height=\"24\" "
                + "role=\"img\" aria-label=\"screen time across the episode\"><rect width=\"300\" height=\"24\" fill=\"#eee\"/>");
        for (JsonNode id : identity.path("track_ids")) {
            JsonNode t = tracks.get(id.asText());
            if (t == null || duration <= 0) {
                continue;
            }
            double x = t.path("first_frame").asDouble() / fps / duration * 300;
            double w = Math.max(1, (t.path("last_frame").asDouble() + 1 - t.path("first_frame").asDouble()) / fps / duration * 300);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"2\" width=\"%.1f\" height=\"20\" fill=\"#3b7dd8\">"
                    + "<title>%s</title></rect>", x, w, esc(id.asText())));
        }
        return svg.append("</svg>").toString();
    }

    private String settings() {
        StringBuilder s = new StringBuilder("<h2>Run</h2><table><tr><th>setting</th><th>value</th></tr>");
        job.ifPresent(env -> {
            s.append(row("job", env.id().value()));
            env.params().forEach((k, v) -> s.append(row(k, v)));
        });
        for (Stage stage : Stage.values()) {
            JsonNode st = readQuietly(stage.id() + "/settings.json");
            st.path("settings").fields().forEachRemaining(e -> s.append(row(stage.id() + "." + e.getKey(), e.getValue().asText())));
        }
        s.append("</table><h2>Timings</h2><table><tr><th>stage</th><th>status</th><th>seconds</th></tr>");
        job.ifPresent(env -> env.stages().forEach((stage, state) -> s.append("<tr><td>").append(stage.id())
                .append("</td><td>").append(state.status().name().toLowerCase(Locale.ROOT)).append("</td><td>")
                .append(seconds(state)).append("</td></tr>")));
        return s.append("</table>").toString();
    }

    private static String seconds(StageState state) {
        if (state.startedAt() == null || state.updatedAt() == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f", Duration.between(state.startedAt(), state.updatedAt()).toMillis() / 1000.0);
    }

    private String img(String relative, String cssClass) throws IOException {
        Path file = episodeDir.resolve(relative);
        if (!Files.exists(file)) {
            return "";
        }
        return "<img class=\"" + cssClass + "\" alt=\"" + esc(relative) + "\" src=\"data:image/jpeg;base64,"
                + Base64.getEncoder().encodeToString(Files.readAllBytes(file)) + "\">";
    }

    /**
     * A result file of the episode, checked to be the schema-1 JSON object FaceReel writes.
     *
     * @throws InvalidInputException naming the file when it is not
     */
    private JsonNode read(String relative) throws IOException {
        Path file = episodeDir.resolve(relative);
        JsonNode n;
        try {
            n = json.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw damaged(file, "it is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (n == null || !n.isObject()) {
            throw damaged(file, "it holds no JSON object");
        }
        if (n.path("schema").asInt(-1) != 1) {
            throw damaged(file, "its schema is " + n.path("schema"));
        }
        return n;
    }

    private static InvalidInputException damaged(Path file, String what) {
        return new InvalidInputException(file + " cannot be read: " + what + "; expected a schema-1 FaceReel result. "
                + "Analysing the episode again rewrites it");
    }

    private JsonNode readQuietly(String relative) {
        try {
            return read(relative);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String row(String k, String v) {
        return "<tr><td>" + esc(k) + "</td><td>" + esc(v) + "</td></tr>";
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
