package dev.facereel.examples.common;

import dev.facereel.core.EpisodeResults;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A show's screen time per person and episode: one row per named person, one column per episode in the order given,
 * plus each person's total and share of the season's airtime (the total over the sum of the episodes' durations).
 * Unnamed identities make no row: without a name they cannot be told apart across episodes. What {@code facereel
 * season} prints; immutable.
 */
public final class SeasonTable {
    /** One episode's column: its id and its video's duration in seconds. */
    public record Column(String episodeId, double durationSeconds) {
    }

    /**
     * One person's row.
     *
     * @param seconds screen time per episode, in the columns' order (0 where the person was not named)
     */
    public record Row(String personId, String name, List<Double> seconds, double totalSeconds, double share) {
        public Row {
            seconds = List.copyOf(seconds);
        }
    }

    private final String show;
    private final List<Column> columns;
    private final List<Row> rows;

    private SeasonTable(String show, List<Column> columns, List<Row> rows) {
        this.show = show;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    /**
     * The table of the show's episodes, in the order given. A person's name is the one the latest episode gives;
     * rows are by descending total, then by name.
     */
    public static SeasonTable of(String show, List<EpisodeResults> episodes) {
        Objects.requireNonNull(show, "show");
        List<Column> columns = new ArrayList<>();
        Map<String, double[]> seconds = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < episodes.size(); i++) {
            EpisodeResults r = episodes.get(i);
            columns.add(new Column(r.episode().id(), r.video().durationSeconds()));
            List<EpisodeResults.Identity> all = new ArrayList<>(r.identities());
            all.addAll(r.incidentalIdentities());
            for (EpisodeResults.Identity identity : all) {
                if (!identity.isNamed()) {
                    continue;
                }
                seconds.computeIfAbsent(identity.personId(), k -> new double[episodes.size()])[i]
                        += identity.screenTimeSeconds();
                names.put(identity.personId(), identity.name());
            }
        }
        double airtime = columns.stream().mapToDouble(Column::durationSeconds).sum();
        List<Row> rows = new ArrayList<>();
        seconds.forEach((person, perEpisode) -> {
            List<Double> values = new ArrayList<>();
            double total = 0;
            for (double s : perEpisode) {
                values.add(s);
                total += s;
            }
            rows.add(new Row(person, names.get(person), values, total, airtime > 0 ? total / airtime : 0));
        });
        rows.sort(Comparator.comparingDouble(Row::totalSeconds).reversed().thenComparing(Row::name));
        return new SeasonTable(show, columns, rows);
    }

    public String show() {
        return show;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The sum of the episodes' durations, in seconds. */
    public double airtimeSeconds() {
        return columns.stream().mapToDouble(Column::durationSeconds).sum();
    }

    /** The longest total of any person, 0 when there are no rows. */
    public double maxTotalSeconds() {
        return rows.stream().mapToDouble(Row::totalSeconds).max().orElse(0);
    }

    /**
     * The table as CSV, as {@code facereel season} and the web workspace's download give it: {@code person}, one
     * column of seconds per episode, {@code total_s} and {@code share}; a line per person, each ended by a line break.
     */
    public String csv() {
        List<String> header = new ArrayList<>(List.of("person"));
        columns.forEach(c -> header.add(c.episodeId()));
        header.add("total_s");
        header.add("share");
        StringBuilder s = new StringBuilder(Csv.line(header)).append('\n');
        for (Row row : rows) {
            List<String> fields = new ArrayList<>(List.of(row.name()));
            row.seconds().forEach(v -> fields.add(EpisodeExport.fmt(v, 3)));
            fields.add(EpisodeExport.fmt(row.totalSeconds(), 3));
            fields.add(EpisodeExport.fmt(row.share(), 4));
            s.append(Csv.line(fields)).append('\n');
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "SeasonTable[" + show + ", " + columns.size() + " episodes, " + rows.size() + " people]"
               ;
    }
}
