package dev.facereel.examples.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeResults;
import dev.facereel.spi.BoundingBox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeasonTableTest {
    private static final EpisodeResults.Match BY_USER = new EpisodeResults.Match(true, null, null);

    @Test
    void of_twoEpisodes_sumsEachPersonAcrossEpisodes_inColumnOrder() {
        EpisodeResults e1 = episode("e01", 100, named("p01", 30, "c001", "Ann"), named("p02", 10, "c002", "Bob"));
        EpisodeResults e2 = episode("e02", 50, named("p01", 5, "c002", "Bob"), named("p02", 20, "c001", "Ann"));

        SeasonTable table = SeasonTable.of("show", List.of(e1, e2));

        assertThat(table.columns()).extracting(SeasonTable.Column::episodeId).containsExactly("e01", "e02");
        assertThat(table.airtimeSeconds()).isEqualTo(150);
        assertThat(table.rows()).extracting(SeasonTable.Row::name).containsExactly("Ann", "Bob");
        SeasonTable.Row ann = table.rows().get(0);
        assertThat(ann.personId()).isEqualTo("c001");
        assertThat(ann.seconds()).containsExactly(30.0, 20.0);
        assertThat(ann.totalSeconds()).isEqualTo(50);
        assertThat(ann.share()).isCloseTo(50 / 150.0, within(1e-9));
        assertThat(table.rows().get(1).seconds()).containsExactly(10.0, 5.0);
    }

    @Test
    void of_unnamedIdentities_makeNoRow_butTheirEpisodeStillCountsAsAirtime() {
        EpisodeResults e1 = episode("e01", 60, unnamed("p01", 40), named("p02", 12, "c001", "Ann"));
        EpisodeResults e2 = episode("e02", 40, unnamed("p01", 30));

        SeasonTable table = SeasonTable.of("show", List.of(e1, e2));

        assertThat(table.rows()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("Ann");
            assertThat(r.seconds()).containsExactly(12.0, 0.0);
            assertThat(r.share()).isCloseTo(12 / 100.0, within(1e-9));
        });
        assertThat(table.maxTotalSeconds()).isEqualTo(12);
    }

    @Test
    void of_renamedPerson_takesTheLatestEpisodesName_andStaysOneRow() {
        EpisodeResults e1 = episode("e01", 10, named("p01", 3, "c001", "Ann"));
        EpisodeResults e2 = episode("e02", 10, named("p01", 4, "c001", "Anne"));

        assertThat(SeasonTable.of("show", List.of(e1, e2)).rows()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("Anne");
            assertThat(r.totalSeconds()).isEqualTo(7);
        });
    }

    @Test
    void of_noEpisodes_isEmpty() {
        SeasonTable table = SeasonTable.of("show", List.of());
        assertThat(table.columns()).isEmpty();
        assertThat(table.rows()).isEmpty();
        assertThat(table.airtimeSeconds()).isZero();
    }

    private static EpisodeResults episode(String id, int seconds, EpisodeResults.Identity... identities) {
        return new EpisodeResults(new Episode(id, Path.of(id + ".mp4"), "show"),
                new EpisodeResults.Video(640, 360, 25, seconds * 25), List.of(identities), List.of(), List.of(),
                Map.of(), List.of());
    }

    private static EpisodeResults.Identity named(String id, double seconds, String person, String name) {
        return new EpisodeResults.Identity(id, List.of(track()), seconds, null, person, name, BY_USER);
    }

    private static EpisodeResults.Identity unnamed(String id, double seconds) {
        return new EpisodeResults.Identity(id, List.of(track()), seconds, null);
    }

    private static EpisodeResults.Track track() {
        return new EpisodeResults.Track("t0001", 0, List.of(new EpisodeResults.Sighting(0, 0, new BoundingBox(0, 0, 10,
                10), 0.9f)), null);
    }
}
