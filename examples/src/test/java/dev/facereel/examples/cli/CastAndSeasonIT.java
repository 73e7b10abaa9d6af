package dev.facereel.examples.cli;

import static dev.facereel.examples.cli.CastRuns.EDIT;
import static dev.facereel.examples.cli.CastRuns.ok;
import static dev.facereel.examples.cli.CastRuns.withModels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A season through the packaged command line: episode 1 named by hand, episode 2 named from it automatically, a
 * newcomer added from a photo so that only episode 2's name stage runs again, then the season's table and the
 * episode exports.
 */
class CastAndSeasonIT {
    private static final Map<String, String> PEOPLE = Map.of("obama", "Barack Obama", "biden", "Joe Biden",
            "rose_leslie", "Rose Leslie", "kit_harington", "Kit Harington", "nathalie_baye", "Nathalie Baye");
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void season_namedByHandInEpisode1_namesEpisode2_andANewPhotoRerunsOnlyTheNameStage() throws Exception {
        Path data = work.resolve("data");
        Path e1 = data.resolve("episodes/synth_e01");
        Path e2 = data.resolve("episodes/synth_e02");

        // Episode 1: four unnamed identities, named through 'facereel name' after the truth
        CastRuns.analyze(work, data, "episode_synth.mp4", "Synth_E01", "synth").close();
        assertThat(CastRuns.names(e1).values()).as("nobody is named before anyone was").containsOnlyNulls();
        Map<String, String> labels1 = CastRuns.labels(e1, "episode_synth.truth.json", work);
        assertThat(new HashMap<>(labels1).values()).as("identity labels of episode 1: " + labels1)
                .containsExactlyInAnyOrder("obama", "biden", "rose_leslie", "kit_harington");
        for (Map.Entry<String, String> e : labels1.entrySet()) {
            try (FaceReelProcess name = ok(work, EDIT, withModels("name", "--episode", "Synth_E01", "--data",
                    data.toString(), e.getKey(), PEOPLE.get(e.getValue())))) {
                assertThat(name.stdoutLines()).as(name.describe()).singleElement().asString()
                        .startsWith("named " + e.getKey() + " of episode Synth_E01 '" + PEOPLE.get(e.getValue()) + "'")
                        .endsWith("now " + e.getKey() + " ('" + PEOPLE.get(e.getValue()) + "')");
            }
        }
        Map<String, String> names1 = CastRuns.names(e1);
        labels1.forEach((id, label) -> assertThat(names1.get(id)).as(id).isEqualTo(PEOPLE.get(label)));

        // Episode 2: the four are recognised, the newcomer is not
        CastRuns.analyze(work, data, "episode_synth_e02.mp4", "Synth_E02", "synth").close();
        Map<String, String> labels2 = CastRuns.labels(e2, "episode_synth_e02.truth.json", work);
        assertThat(new HashMap<>(labels2).values()).as("identity labels of episode 2: " + labels2)
                .containsExactlyInAnyOrder("obama", "biden", "rose_leslie", "kit_harington", "nathalie_baye");
        Map<String, String> names2 = CastRuns.names(e2);
        String nathalie = null;
        for (Map.Entry<String, String> e : labels2.entrySet()) {
            if (e.getValue().equals("nathalie_baye")) {
                nathalie = e.getKey();
                assertThat(names2.get(e.getKey())).as("the newcomer " + e.getKey() + " in " + names2).isNull();
            } else {
                assertThat(names2.get(e.getKey())).as(e.getKey() + " in " + names2).isEqualTo(PEOPLE.get(e.getValue()));
            }
        }

        // A photo of her, cut from episode 2 inside her first shot (frames 150-224)
        Path photo = CastRuns.frame("episode_synth_e02.mp4", 190, work.resolve("photos/nathalie.jpg"));
        try (FaceReelProcess add = ok(work, EDIT, withModels("cast", "add", "Nathalie Baye", "--photo",
                photo.toString(), "--show", "synth", "--data", data.toString()))) {
            assertThat(add.stdout()).as(add.describe()).startsWith("added c005 'Nathalie Baye' 1 reference photo");
        }
        assertThat(data.resolve("shows/synth/photos")).isDirectory();
        try (FaceReelProcess list = ok(work, EDIT, List.of("cast", "list", "--show", "synth", "--data",
                data.toString(), "--json"))) {
            JsonNode cast = JSON.readTree(list.stdout());
            assertThat(cast.path("people")).hasSize(5);
            assertThat(cast.path("people").get(4).path("name").asText()).isEqualTo("Nathalie Baye");
            assertThat(cast.path("people").get(4).path("references").size()).isEqualTo(1);
        }

        // Episode 2 again: only its name stage runs, and she alone changes
        try (FaceReelProcess again = CastRuns.analyze(work, data, "episode_synth_e02.mp4", "Synth_E02", "synth")) {
            // a job announces only the stages it really runs: the others are recorded as skipped at its start
            assertThat(again.stderrLines()).as(again.describe()).anyMatch(l -> l.startsWith("detect skipped "));
            for (String stage : List.of("detect", "track", "stills", "cluster")) {
                assertThat(again.stderrLines()).as(again.describe())
                        .noneMatch(l -> l.startsWith(stage + " running ") || l.startsWith(stage + " starting "));
            }
            assertThat(again.stderrLines()).anyMatch(l -> l.startsWith("name succeeded 100%"));
        }
        Map<String, String> after = CastRuns.names(e2);
        Map<String, String> expected = new LinkedHashMap<>(names2);
        expected.put(nathalie, "Nathalie Baye");
        assertThat(after).as("names of episode 2").isEqualTo(expected);

        // The season: one row per person, one column per episode, totals and share of airtime
        Map<String, Map<String, Double>> screen = new HashMap<>();
        double airtime = 0;
        for (String episode : List.of("Synth_E01", "Synth_E02")) {
            JsonNode export = export(data, episode, "--format", "json");
            airtime += export.path("duration_s").asDouble();
            for (JsonNode i : export.path("identities")) {
                if (!i.path("person").isNull()) {
                    screen.computeIfAbsent(i.path("person").asText(), k -> new HashMap<>())
                            .merge(episode, i.path("screen_time_s").asDouble(), Double::sum);
                }
            }
        }
        assertThat(airtime).isCloseTo(42 + 32, within(0.01));
        try (FaceReelProcess season = ok(work, EDIT, List.of("season", "--show", "synth", "--data",
                data.toString()))) {
            List<String> lines = season.stdoutLines();
            assertThat(lines.get(0)).isEqualTo("person,Synth_E01,Synth_E02,total_s,share");
            assertThat(lines).hasSize(1 + 5);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                Map<String, Double> s = screen.get(f[0]);
                assertThat(s).as(f[0] + " in the exports").isNotNull();
                double s1 = s.getOrDefault("Synth_E01", 0.0);
                double s2 = s.getOrDefault("Synth_E02", 0.0);
                assertThat(Double.parseDouble(f[1])).as(line).isCloseTo(s1, within(0.001));
                assertThat(Double.parseDouble(f[2])).as(line).isCloseTo(s2, within(0.001));
                assertThat(Double.parseDouble(f[3])).as(line).isCloseTo(s1 + s2, within(0.002));
                assertThat(Double.parseDouble(f[4])).as(line).isCloseTo((s1 + s2) / airtime, within(0.0001));
            }
            assertThat(lines).anyMatch(l -> l.startsWith("Nathalie Baye,0.000,"));
        }
        Path html = work.resolve("out/season.html");
        ok(work, EDIT, List.of("season", "--show", "synth", "--data", data.toString(), "--format", "html", "--out",
                html.toString())).close();
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(page).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
                .doesNotContainIgnoringCase("src=").contains("<svg").contains("Nathalie Baye");
        assertThat(count(page, "<div class=\"person\">")).isEqualTo(5);

        // Export of episode 1: header, times and share; a name with a comma and a quote is quoted
        try (FaceReelProcess rename = ok(work, EDIT, List.of("cast", "rename", "Joe Biden", "Biden, \"Joe\"",
                "--show", "synth", "--data", data.toString()))) {
            assertThat(rename.stdout()).startsWith("renamed c002 'Joe Biden' to 'Biden, \"Joe\"'");
        }
        CastRuns.analyze(work, data, "episode_synth.mp4", "Synth_E01", "synth").close();
        Path report = work.resolve("out/e01.html");
        ok(work, EDIT, List.of("report", "--episode", "Synth_E01", "--data", data.toString(), "--out",
                report.toString())).close();
        assertThat(Files.readString(report, StandardCharsets.UTF_8)).as("the report names people, escaped")
                .contains("<p class=\"person\">Biden, &quot;Joe&quot;</p>")
                .contains("<p class=\"person\">Barack Obama</p>");
        JsonNode json = export(data, "Synth_E01", "--format", "json");
        try (FaceReelProcess export = ok(work, EDIT, List.of("export", "--episode", "Synth_E01", "--data",
                data.toString()))) {
            List<String> lines = export.stdoutLines();
            assertThat(lines.get(0)).isEqualTo("person,identity,screen_time_s,share,appearances,first_seen,last_seen");
            assertThat(lines).hasSize(1 + json.path("identities").size());
            assertThat(lines).anyMatch(l -> l.startsWith("\"Biden, \"\"Joe\"\"\",p"));
            for (int i = 1; i < lines.size(); i++) {
                List<String> f = csv(lines.get(i));
                JsonNode row = json.path("identities").get(i - 1);
                assertThat(f).as(lines.get(i)).hasSize(7);
                assertThat(f.get(0)).isEqualTo(row.path("person").isNull() ? "" : row.path("person").asText());
                assertThat(f.get(1)).isEqualTo(row.path("identity").asText());
                double seconds = Double.parseDouble(f.get(2));
                assertThat(Double.parseDouble(f.get(3))).as(lines.get(i)).isCloseTo(seconds / 42.0, within(0.0001));
                assertThat(Integer.parseInt(f.get(4))).isPositive();
                assertThat(f.get(5)).matches(TIME);
                assertThat(f.get(6)).matches(TIME);
                assertThat(seconds(f.get(6))).isGreaterThan(seconds(f.get(5)));
            }
        }
        try (FaceReelProcess intervals = ok(work, EDIT, List.of("export", "--episode", "Synth_E01", "--data",
                data.toString(), "--intervals"))) {
            List<String> lines = intervals.stdoutLines();
            assertThat(lines.get(0)).isEqualTo("person,identity,start,end,seconds");
            Map<String, Integer> appearances = new HashMap<>();
            Map<String, Double> total = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> f = csv(line);
                assertThat(f).as(line).hasSize(5);
                assertThat(f.get(2)).matches(TIME);
                assertThat(f.get(3)).matches(TIME);
                double s = Double.parseDouble(f.get(4));
                assertThat(s).as(line).isCloseTo(seconds(f.get(3)) - seconds(f.get(2)), within(0.002));
                appearances.merge(f.get(1), 1, Integer::sum);
                total.merge(f.get(1), s, Double::sum);
            }
            for (JsonNode row : json.path("identities")) {
                String id = row.path("identity").asText();
                assertThat(appearances.get(id)).as(id).isEqualTo(row.path("appearances").asInt());
                assertThat(total.get(id)).as(id).isCloseTo(row.path("screen_time_s").asDouble(), within(0.01));
            }
        }
    }

    private JsonNode export(Path data, String episode, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("export", "--episode", episode, "--data", data.toString()));
        args.addAll(List.of(more));
        try (FaceReelProcess p = ok(work, EDIT, args)) {
            return JSON.readTree(p.stdout());
        }
    }

    private static double seconds(String time) {
        String[] p = time.split(":");
        return Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Double.parseDouble(p[2]);
    }

    /** The fields of one RFC 4180 line. */
    private static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }
}
