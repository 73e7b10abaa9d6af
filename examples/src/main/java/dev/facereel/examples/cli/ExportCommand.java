package dev.facereel.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.EpisodeResults;
import dev.facereel.core.FacePipeline;
import dev.facereel.examples.common.EpisodeExport;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.examples.common.Timecode;
import dev.facereel.spi.InvalidInputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facereel export}: the episode's identities as CSV or JSON on stdout: per identity its person, screen time,
 * share of the video, number of on-screen intervals and first and last appearance; or with {@code --intervals} one
 * row per on-screen interval.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Print the episode's identities (person, screen time, share, appearances) as CSV or JSON.")
final class ExportCommand implements Callable<Integer> {
    static final String HEADER = EpisodeExport.HEADER;
    static final String INTERVALS_HEADER = EpisodeExport.INTERVALS_HEADER;

    /** The formats of {@code --format}. */
    enum Format { csv, json }

    @Mixin
    DataOptions common;

    @Option(names = "--format", defaultValue = "csv", description = "csv or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--intervals", description = "One row per on-screen interval instead of one per identity.")
    boolean intervals;

    @Override
    public Integer call() throws Exception {
        Commands.requireKey(common);
        EpisodeResults results;
        try (FacePipeline pipeline = common.pipeline()) {
            results = pipeline.results(common.episode).orElseThrow(() -> new InvalidInputException("episode '"
                    + common.episode + "' has no identities yet; analyse it first with 'facereel analyze <video> "
                    + "--episode " + common.episode + "'"));
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("episode", results.episode().id());
        root.put("show", results.episode().show());
        root.put("duration_s", round(results.video().durationSeconds(), 3));
        ArrayNode rows = root.putArray(intervals ? "intervals" : "identities");
        if (intervals) {
            for (EpisodeExport.Interval i : EpisodeExport.intervals(results)) {
                rows.addObject().put("person", i.person()).put("identity", i.identity())
                        .put("start", Timecode.of(i.start())).put("end", Timecode.of(i.end()))
                        .put("seconds", round(i.end() - i.start(), 3));
            }
        } else {
            for (EpisodeExport.Row r : EpisodeExport.rows(results)) {
                rows.addObject().put("person", r.person()).put("identity", r.identity())
                        .put("screen_time_s", round(r.screenTimeSeconds(), 3)).put("share", round(r.share(), 4))
                        .put("appearances", r.appearances()).put("first_seen", r.firstSeen())
                        .put("last_seen", r.lastSeen());
            }
        }
        if (format == Format.json) {
            System.out.println(mapper.writeValueAsString(root));
        } else {
            System.out.print(EpisodeExport.csv(results, intervals));
        }
        System.out.flush();
        return ExitCodes.DONE;
    }

    static String fmt(double v, int decimals) {
        return EpisodeExport.fmt(v, decimals);
    }

    static double round(double v, int decimals) {
        return EpisodeExport.round(v, decimals);
    }
}
