package dev.facereel.core.internal.stage.name;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Edit;
import dev.facereel.core.cast.Person;
import dev.facereel.core.cast.Reference;
import dev.facereel.core.internal.stage.cluster.ClusterCodec;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Calibration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Name edits replayed over clusterings that put several people together. */
class NamingNameEditTest {
    private static final String MODEL = "test/2";
    private static final BoundingBox BOX = new BoundingBox(10, 10, 50, 50);

    private static Track track(String id, int shot, int frame, float x, float y) {
        return new Track(id, shot, List.of(new FaceRecord(frame, frame * 0.2, BOX, 0.9f, null, new float[] {x, y})));
    }

    private static Edit name(String id, String person, Track... tracks) {
        return new Edit(id, Instant.parse("2026-12-01T00:00:00Z"), Edit.Kind.NAME, "e1", person, person,
                java.util.Arrays.stream(tracks).map(TrackAnchors::of).toList(), List.of());
    }

    private static NameCodec.Contents run(List<Track> tracks, ClusterCodec.Contents clusters, Cast cast) {
        return Naming.name(new Naming.Inputs(tracks, clusters, cast, "e1", MODEL, Calibration.ARCFACE_STYLE, 0.2,
                Optional.empty()));
    }

    private static String nameOf(NameCodec.Contents named, String track) {
        return named.all().stream().filter(e -> e.trackIds().contains(track)).findFirst().orElseThrow().personId();
    }

    @Test
    void name_ofTracksClusteredWithAnotherPersonsNamedTracks_takesOnlyThoseTracks_andLeavesTheOtherName() {
        Track a = track("t0001", 0, 0, 1, 0);
        Track b = track("t0002", 1, 10, 0, 1);
        Track c = track("t0003", 2, 20, 1, 0);
        // A clustering that put two people together, as a re-cluster at a looser threshold may.
        ClusterCodec.Contents clusters = new ClusterCodec.Contents(List.of(new ClusterCodec.Entry("p01",
                List.of("t0001", "t0002", "t0003"), 0.6, "stills/t0001.jpg")), List.of(), List.of());
        List<Person> people = List.of(new Person("c001", "c001", List.of()), new Person("c002", "c002", List.of()));
        Cast cast = new Cast("show", 3, people, List.of(name("e0001", "c001", a, c), name("e0002", "c002", b)));

        NameCodec.Contents named = run(List.of(a, b, c), clusters, cast);

        assertThat(nameOf(named, "t0001")).isEqualTo("c001");
        assertThat(nameOf(named, "t0003")).isEqualTo("c001");
        assertThat(nameOf(named, "t0002")).isEqualTo("c002");
        assertThat(named.all()).hasSize(2);
    }

    @Test
    void name_ofTracksInAnUnnamedIdentity_namesTheWholeIdentity() {
        Track a = track("t0001", 0, 0, 1, 0);
        Track b = track("t0002", 1, 10, 1, 0);
        ClusterCodec.Contents clusters = new ClusterCodec.Contents(List.of(new ClusterCodec.Entry("p01",
                List.of("t0001", "t0002"), 0.4, "stills/t0001.jpg")), List.of(), List.of());
        Cast cast = new Cast("show", 2, List.of(new Person("c001", "c001", List.of(new Reference(MODEL,
                new float[] {1, 0}, "e1", TrackAnchors.of(a), null)))), new ArrayList<>(List.of(name("e0001", "c001",
                a))));

        NameCodec.Contents named = run(List.of(a, b), clusters, cast);

        assertThat(named.all()).singleElement().satisfies(e -> {
            assertThat(e.trackIds()).containsExactly("t0001", "t0002");
            assertThat(e.personId()).isEqualTo("c001");
            assertThat(e.match().by()).isEqualTo("user");
        });
    }
}
