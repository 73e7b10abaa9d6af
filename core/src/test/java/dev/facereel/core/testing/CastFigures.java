package dev.facereel.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

/**
 * How a run did against a truth file: cast and incidental counts, weighted purity of the cast (from
 * {@link EpisodeTruth}), and the screen-time error summed over the truth's people (a person the cast lacks counts
 * with all of its time).
 */
public record CastFigures(String clip, String providers, int cast, int incidental, double purity,
                          double screenTimeError, double maxScreenTimeError, EpisodeTruth.Score score) {
    /** Scores the episode folder {@code episodeDir} against {@code truthFile}. */
    public static CastFigures of(String clip, String providers, Path episodeDir, Path truthFile) throws IOException {
        EpisodeTruth.Score score = new EpisodeTruth(truthFile).score(episodeDir);
        JsonNode clusters = new ObjectMapper().readTree(episodeDir.resolve("cluster/clusters.json").toFile());
        double total = 0;
        double max = 0;
        for (Map.Entry<String, Double> truth : score.truthScreenTime().entrySet()) {
            double error = Math.abs(score.foundScreenTime().getOrDefault(truth.getKey(), 0.0) - truth.getValue());
            total += error;
            max = Math.max(max, error);
        }
        return new CastFigures(clip, providers, clusters.path("identities").size(),
                clusters.path("incidental_identities").size(), score.purity(), total, max, score);
    }

    /** One line of the figures table. */
    public String row() {
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.1f s (max %.1f s) |", clip, providers, cast,
                incidental, purity, screenTimeError, maxScreenTimeError);
    }

    /** Prints the row and appends it to {@code target/cast-figures.md}. */
    public CastFigures report() throws IOException {
        System.out.println(row() + "  " + score.summary());
        Path out = Path.of("target", "cast-figures.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, row() + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return this;
    }
}
