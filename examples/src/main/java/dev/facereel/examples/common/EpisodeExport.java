package dev.facereel.examples.common;

import dev.facereel.core.EpisodeResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An episode's identities as {@code facereel export} and the web workspace's download give them: per identity its
 * person, screen time, share of the video, number of on-screen intervals and first and last appearance; or one row per
 * on-screen interval. Stateless.
 */
public final class EpisodeExport {
    public static final String HEADER = "person,identity,screen_time_s,share,appearances,first_seen,last_seen";
    public static final String INTERVALS_HEADER = "person,identity,start,end,seconds";

    /** One identity's line; {@code person} is null when unnamed, the times are {@link Timecode}s ("" when none). */
    public record Row(String person, String identity, double screenTimeSeconds, double share, int appearances,
                      String firstSeen, String lastSeen) {
    }

    /** One on-screen interval of an identity, in seconds. */
    public record Interval(String person, String identity, double start, double end) {
    }

    private EpisodeExport() {
    }

    /** Every identity, cast then incidental. */
    public static List<Row> rows(EpisodeResults results) {
        double duration = results.video().durationSeconds();
        List<Row> rows = new ArrayList<>();
        for (EpisodeResults.Identity identity : all(results)) {
            List<double[]> spans = identity.intervals(results.samplePeriodSeconds());
            rows.add(new Row(identity.name(), identity.id(), identity.screenTimeSeconds(),
                    duration > 0 ? identity.screenTimeSeconds() / duration : 0, spans.size(),
                    spans.isEmpty() ? "" : Timecode.of(spans.get(0)[0]),
                    spans.isEmpty() ? "" : Timecode.of(spans.get(spans.size() - 1)[1])));
        }
        return rows;
    }

    /** Every on-screen interval, identity by identity. */
    public static List<Interval> intervals(EpisodeResults results) {
        List<Interval> out = new ArrayList<>();
        for (EpisodeResults.Identity identity : all(results)) {
            for (double[] span : identity.intervals(results.samplePeriodSeconds())) {
                out.add(new Interval(identity.name(), identity.id(), span[0], span[1]));
            }
        }
        return out;
    }

    /** The CSV text: a header line, then a line per identity (or per interval), each ended by a line break. */
    public static String csv(EpisodeResults results, boolean intervals) {
        StringBuilder csv = new StringBuilder(intervals ? INTERVALS_HEADER : HEADER).append('\n');
        if (intervals) {
            for (Interval i : intervals(results)) {
                csv.append(Csv.line(List.of(nz(i.person()), i.identity(), Timecode.of(i.start()), Timecode.of(i.end()),
                        fmt(i.end() - i.start(), 3)))).append('\n');
            }
        } else {
            for (Row r : rows(results)) {
                csv.append(Csv.line(List.of(nz(r.person()), r.identity(), fmt(r.screenTimeSeconds(), 3),
                        fmt(r.share(), 4), Integer.toString(r.appearances()), r.firstSeen(), r.lastSeen())))
                        .append('\n');
            }
        }
        return csv.toString();
    }

    /** {@code v} with {@code decimals} decimals, a point as separator. */
    public static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** {@code v} rounded to {@code decimals} decimals. */
    public static double round(double v, int decimals) {
        return Double.parseDouble(fmt(v, decimals));
    }

    private static List<EpisodeResults.Identity> all(EpisodeResults results) {
        List<EpisodeResults.Identity> all = new ArrayList<>(results.identities());
        all.addAll(results.incidentalIdentities());
        return all;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
