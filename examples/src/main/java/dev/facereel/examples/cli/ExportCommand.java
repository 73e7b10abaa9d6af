package dev.facereel.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.EpisodeResults;
import dev.facereel.core.FacePipeline;
import dev.facereel.examples.common.Csv;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.examples.common.Timecode;
import dev.facereel.spi.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    static final String HEADER = "person,identity,screen_time_s,share,appearances,first_seen,last_seen";
    static final String INTERVALS_HEADER = "person,identity,start,end,seconds";

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
        double period = results.samplePeriodSeconds();
        double duration = results.video().durationSeconds();
        List<EpisodeResults.Identity> all = new ArrayList<>(results.identities());
        all.addAll(results.incidentalIdentities());
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("episode", results.episode().id());
        root.put("show", results.episode().show());
        root.put("duration_s", round(duration, 3));
        ArrayNode rows = root.putArray(intervals ? "intervals" : "identities");
        StringBuilder csv = new StringBuilder(intervals ? INTERVALS_HEADER : HEADER).append('\n');
        for (EpisodeResults.Identity identity : all) {
            List<double[]> spans = identity.intervals(period);
            if (intervals) {
                for (double[] span : spans) {
                    ObjectNode n = rows.addObject();
                    n.put("person", identity.name());
                    n.put("identity", identity.id());
                    n.put("start", Timecode.of(span[0]));
                    n.put("end", Timecode.of(span[1]));
                    n.put("seconds", round(span[1] - span[0], 3));
                    csv.append(Csv.line(List.of(nz(identity.name()), identity.id(), Timecode.of(span[0]),
                            Timecode.of(span[1]), fmt(span[1] - span[0], 3)))).append('\n');
                }
                continue;
            }
            double share = duration > 0 ? identity.screenTimeSeconds() / duration : 0;
            String first = spans.isEmpty() ? "" : Timecode.of(spans.get(0)[0]);
            String last = spans.isEmpty() ? "" : Timecode.of(spans.get(spans.size() - 1)[1]);
            ObjectNode n = rows.addObject();
            n.put("person", identity.name());
            n.put("identity", identity.id());
            n.put("screen_time_s", round(identity.screenTimeSeconds(), 3));
            n.put("share", round(share, 4));
            n.put("appearances", spans.size());
            n.put("first_seen", first);
            n.put("last_seen", last);
            csv.append(Csv.line(List.of(nz(identity.name()), identity.id(), fmt(identity.screenTimeSeconds(), 3),
                    fmt(share, 4), Integer.toString(spans.size()), first, last))).append('\n');
        }
        if (format == Format.json) {
            System.out.println(mapper.writeValueAsString(root));
        } else {
            System.out.print(csv);
        }
        System.out.flush();
        return ExitCodes.DONE;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static double round(double v, int decimals) {
        return Double.parseDouble(fmt(v, decimals));
    }
}
