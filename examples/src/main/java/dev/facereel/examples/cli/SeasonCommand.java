package dev.facereel.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeResults;
import dev.facereel.core.FacePipeline;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.examples.common.SeasonTable;
import dev.facereel.spi.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facereel season}: screen time per person across a show's episodes (one column per episode, in key order),
 * with each person's total and share of the season's airtime. Unnamed identities are left out.
 */
@Command(name = "season", mixinStandardHelpOptions = true,
        description = "Screen time per named person across the show's episodes, with totals and share of airtime; "
                + "unnamed identities are left out.")
final class SeasonCommand implements Callable<Integer> {
    /** The formats of {@code --format}. */
    enum Format { csv, json, html }

    @Mixin
    ShowDataOptions show;

    @Option(names = "--format", defaultValue = "csv", description = "csv, json or html (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of stdout.")
    Path out;

    @Override
    public Integer call() throws Exception {
        String name = show.show;
        List<EpisodeResults> results = new ArrayList<>();
        try (FacePipeline pipeline = show.pipeline()) {
            pipeline.show(name);
            List<Episode> episodes = pipeline.episodes().stream().filter(e -> e.show().equals(name)).toList();
            if (episodes.isEmpty()) {
                throw new InvalidInputException("show '" + name + "' has no episodes under " + pipeline.dataRoot()
                        + "; analyse one with 'facereel analyze <video> --episode ID --show " + name + "'");
            }
            for (Episode e : episodes) {
                Optional<EpisodeResults> r = pipeline.results(e.id());
                if (r.isPresent()) {
                    results.add(r.get());
                } else {
                    System.err.println("facereel: episode " + e.id() + " has no identities yet; left out");
                }
            }
            if (results.isEmpty()) {
                throw new InvalidInputException("none of the " + episodes.size() + " episodes of show '" + name
                        + "' has identities yet; analyse them first");
            }
        }
        SeasonTable table = SeasonTable.of(name, results);
        String text = switch (format) {
            case csv -> csv(table);
            case json -> json(table);
            case html -> new SeasonHtml(table).render();
        };
        if (out == null) {
            System.out.print(text);
            System.out.flush();
        } else {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, text, StandardCharsets.UTF_8);
            System.out.println("season of show '" + name + "' written to " + out);
        }
        return ExitCodes.DONE;
    }

    static String csv(SeasonTable table) {
        return table.csv();
    }

    static String json(SeasonTable table) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("show", table.show());
        root.put("airtime_s", ExportCommand.round(table.airtimeSeconds(), 3));
        var episodes = root.putArray("episodes");
        table.columns().forEach(c -> episodes.addObject().put("episode", c.episodeId())
                .put("duration_s", ExportCommand.round(c.durationSeconds(), 3)));
        var people = root.putArray("people");
        for (SeasonTable.Row row : table.rows()) {
            ObjectNode n = people.addObject();
            n.put("person_id", row.personId());
            n.put("person", row.name());
            ObjectNode seconds = n.putObject("seconds");
            for (int i = 0; i < table.columns().size(); i++) {
                seconds.put(table.columns().get(i).episodeId(), ExportCommand.round(row.seconds().get(i), 3));
            }
            n.put("total_s", ExportCommand.round(row.totalSeconds(), 3));
            n.put("share", ExportCommand.round(row.share(), 4));
        }
        return mapper.writeValueAsString(root) + "\n";
    }
}
