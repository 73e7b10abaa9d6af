package dev.facereel.examples.cli;

import static dev.facereel.examples.common.Html.esc;

import dev.facereel.examples.common.SeasonTable;
import java.util.Locale;

/**
 * A season table as one self-contained HTML page: the table, then per person an inline SVG bar chart of their
 * screen time in each episode. Every piece of user text is escaped; nothing is loaded from elsewhere.
 */
final class SeasonHtml {
    private static final int BAR_WIDTH = 360;
    private static final int ROW_HEIGHT = 18;
    private static final int LABEL_WIDTH = 160;
    private final SeasonTable table;

    SeasonHtml(SeasonTable table) {
        this.table = table;
    }

    String render() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>FaceReel: season of ")
                .append(esc(table.show())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;background:#fafafa;color:#222}")
                .append("table{border-collapse:collapse;margin-bottom:2rem}td,th{border:1px solid #ddd;padding:4px 8px;")
                .append("text-align:right}td:first-child,th:first-child{text-align:left}")
                .append(".person{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem;margin:0 0 1rem}")
                .append("</style></head><body>");
        h.append("<h1>Season of ").append(esc(table.show())).append("</h1><p>").append(table.columns().size())
                .append(" episodes, ").append(fmt(table.airtimeSeconds(), 1)).append(" s of airtime; ")
                .append(table.rows().size()).append(" named people (unnamed identities are left out)</p>");
        h.append("<table><tr><th>person</th>");
        table.columns().forEach(c -> h.append("<th>").append(esc(c.episodeId())).append(" (s)</th>"));
        h.append("<th>total (s)</th><th>share</th></tr>");
        for (SeasonTable.Row row : table.rows()) {
            h.append("<tr><td>").append(esc(row.name())).append("</td>");
            row.seconds().forEach(s -> h.append("<td>").append(fmt(s, 1)).append("</td>"));
            h.append("<td>").append(fmt(row.totalSeconds(), 1)).append("</td><td>")
                    .append(fmt(row.share() * 100, 1)).append("%</td></tr>");
        }
        h.append("</table>");
        double max = table.columns().stream().mapToDouble(SeasonTable.Column::durationSeconds).max().orElse(0);
        for (SeasonTable.Row row : table.rows()) {
            h.append("<div class=\"person\"><h2>").append(esc(row.name())).append("</h2>").append(chart(row, max))
                    .append("</div>");
        }
        return h.append("</body></html>\n").toString();
    }

    /** One horizontal bar per episode, scaled to the longest episode. */
    private String chart(SeasonTable.Row row, double max) {
        int n = table.columns().size();
        int width = LABEL_WIDTH + BAR_WIDTH + 70;
        int height = n * ROW_HEIGHT + 4;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"chart\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"screen time of %s per episode\">",
                width, height, width, height, esc(row.name())));
        for (int i = 0; i < n; i++) {
            double s = row.seconds().get(i);
            double w = max > 0 ? s / max * BAR_WIDTH : 0;
            int y = i * ROW_HEIGHT + 2;
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>", y + 12,
                    esc(table.columns().get(i).episodeId())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#eee\"/>",
                    LABEL_WIDTH, y, BAR_WIDTH, ROW_HEIGHT - 4));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                    + "fill=\"#3b7dd8\"><title>%s s</title></rect>", LABEL_WIDTH, y, w, ROW_HEIGHT - 4, fmt(s, 1)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s s</text>",
                    LABEL_WIDTH + BAR_WIDTH + 6, y + 12, fmt(s, 1)));
        }
        return svg.append("</svg>").toString();
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
