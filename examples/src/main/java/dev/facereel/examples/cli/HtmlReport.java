package dev.facereel.examples.cli;

import dev.facereel.core.EpisodeResults;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.StageState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders an episode's results as one HTML page with every image inlined: a card per identity with its name (or
 * "unnamed"), its still,
 * face thumbnails from its tracks, its screen time and a timeline of where it appears, then the run's settings and
 * stage timings.
 */
final class HtmlReport {
    private static final int THUMBNAILS = 8;
    private final EpisodeResults results;
    private final Path episodeDir;
    private final String episodeId;
    private final Optional<JobEnvelope> job;

    /** @param episodeDir the episode's folder, which the images' descriptions name them relative to */
    HtmlReport(EpisodeResults results, Path episodeDir, String episodeId, Optional<JobEnvelope> job) {
        this.results = results;
        this.episodeDir = episodeDir;
        this.episodeId = episodeId;
        this.job = job;
    }

    String render() throws IOException {
        double duration = results.video().durationSeconds();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>FaceReel: ")
                .append(esc(episodeId)).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;background:#fafafa;color:#222}")
                .append(".cards{display:flex;flex-wrap:wrap;gap:1rem}.card{background:#fff;border:1px solid #ddd;")
                .append("border-radius:8px;padding:1rem;width:340px}.still{width:160px;height:160px;object-fit:cover;")
                .append("border-radius:6px}.thumbs img{width:48px;height:48px;object-fit:cover;margin:2px;border-radius:4px}")
                .append(".person{font-size:1.2rem;font-weight:600;margin:.2rem 0 .6rem}.unnamed{color:#888;font-style:italic}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}")
                .append("</style></head><body>");
        html.append("<h1>").append(esc(episodeId)).append("</h1><p>")
                .append(results.identities().size()).append(" identities in ")
                .append(String.format(Locale.ROOT, "%.1f", duration)).append(" s of video (")
                .append(esc(results.episode().video().toString())).append(")</p><div class=\"cards\">");
        for (EpisodeResults.Identity identity : results.identities()) {
            html.append("<div class=\"card\"><h2>").append(esc(identity.id())).append("</h2>");
            html.append(identity.isNamed() ? "<p class=\"person\">" + esc(identity.name()) + "</p>"
                    : "<p class=\"person unnamed\">unnamed</p>");
            html.append(img(identity.still(), "still"));
            html.append(String.format(Locale.ROOT, "<p>Screen time: <b>%.1f s</b> in %d tracks</p>",
                    identity.screenTimeSeconds(), identity.tracks().size()));
            html.append("<div class=\"thumbs\">");
            int shown = 0;
            for (EpisodeResults.Track track : identity.tracks()) {
                if (shown++ == THUMBNAILS) {
                    break;
                }
                html.append(img(track.still(), "thumb"));
            }
            html.append("</div>").append(timeline(identity, results.video().fps(), duration)).append("</div>");
        }
        html.append("</div>").append(settings()).append("</body></html>");
        return html.toString();
    }

    /** A bar across the episode with a mark wherever one of the identity's tracks appears. */
    private static String timeline(EpisodeResults.Identity identity, double fps, double duration) {
        StringBuilder svg = new StringBuilder("<svg class=\"timeline\" viewBox=\"0 0 300 24\" width=\"300\" height=\"24\" "
                + "role=\"img\" aria-label=\"screen time across the episode\"><rect width=\"300\" height=\"24\" fill=\"#eee\"/>");
        if (duration <= 0) {
            return svg.append("</svg>").toString();
        }
        for (EpisodeResults.Track t : identity.tracks()) {
            double x = t.firstFrame() / fps / duration * 300;
            double w = Math.max(1, (t.lastFrame() + 1 - t.firstFrame()) / fps / duration * 300);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"2\" width=\"%.1f\" height=\"20\" fill=\"#3b7dd8\">"
                    + "<title>%s</title></rect>", x, w, esc(t.id())));
        }
        return svg.append("</svg>").toString();
    }

    private String settings() {
        StringBuilder s = new StringBuilder("<h2>Run</h2><table><tr><th>setting</th><th>value</th></tr>");
        job.ifPresent(env -> {
            s.append(row("job", env.id().value()));
            env.params().forEach((k, v) -> s.append(row(k, v)));
        });
        results.settings().forEach((stage, values) -> values.forEach((k, v) -> s.append(row(stage.id() + "." + k, v))));
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

    private String img(Path file, String cssClass) throws IOException {
        if (file == null || !Files.exists(file)) {
            return "";
        }
        return "<img class=\"" + cssClass + "\" alt=\"" + esc(episodeDir.relativize(file).toString())
                + "\" src=\"data:image/jpeg;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file)) + "\">";
    }

    private static String row(String k, String v) {
        return "<tr><td>" + esc(k) + "</td><td>" + esc(v) + "</td></tr>";
    }

    private static String esc(String s) {
        return dev.facereel.examples.common.Html.esc(s);
    }
}
