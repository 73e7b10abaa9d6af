package dev.facereel.core.internal.stage.name;

import static dev.facereel.core.internal.stage.StageFixtures.axis;
import static dev.facereel.core.internal.stage.StageFixtures.face;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Edit;
import dev.facereel.core.cast.Person;
import dev.facereel.core.cast.Reference;
import dev.facereel.core.cast.TrackAnchor;
import dev.facereel.core.internal.stage.StageFixtures;
import dev.facereel.core.internal.stage.cluster.ClusterCodec;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.spi.Calibration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NamingTest {
    private static final int DIMS = 8;
    private static final String MODEL = "model-a";
    private static final Calibration CALIBRATION = new Calibration(0.45, 0.5, 0.1);
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    /** Six tracks in six shots: t1, t2, t3 are person 0; t4, t5 person 1; t6 person 2. */
    private final List<Track> tracks = List.of(track("t0001", 0, 0), track("t0002", 10, 0), track("t0003", 20, 0),
            track("t0004", 30, 1), track("t0005", 40, 1), track("t0006", 50, 2));

    private static Track track(String id, int firstSample, int person) {
        List<FaceRecord> faces = new ArrayList<>();
        for (int s = firstSample; s < firstSample + 5; s++) {
            faces.add(face(s, 100, 100, axis(person, DIMS)));
        }
        return new Track(id, firstSample / 10, faces);
    }

    private static ClusterCodec.Entry entry(String id, String... trackIds) {
        return new ClusterCodec.Entry(id, List.of(trackIds), 1, "stills/" + trackIds[0] + ".jpg");
    }

    private static ClusterCodec.Contents clusters(ClusterCodec.Entry... cast) {
        return new ClusterCodec.Contents(List.of(cast), List.of(), List.of());
    }

    private final ClusterCodec.Contents threePeople = clusters(entry("p01", "t0001", "t0002", "t0003"),
            entry("p02", "t0004", "t0005"), entry("p03", "t0006"));

    private static Person person(String id, String name, float[]... refs) {
        return new Person(id, name, Arrays.stream(refs).map(v -> new Reference(MODEL, v, null, null,
                "shows/s/photos/" + id + ".jpg")).toList());
    }

    private static Cast cast(List<Person> people, Edit... edits) {
        return new Cast("s", 3, people, List.of(edits));
    }

    private Edit edit(int n, Edit.Kind kind, String person, List<String> trackIds, List<String> with) {
        Map<String, Track> byId = tracks.stream().collect(Collectors.toMap(Track::id, t -> t));
        return new Edit(String.format("e%04d", n), AT.plusSeconds(n), kind, "ep", person, null,
                trackIds.stream().map(id -> TrackAnchors.of(byId.get(id))).toList(),
                with.stream().map(id -> TrackAnchors.of(byId.get(id))).toList());
    }

    private NameCodec.Contents name(ClusterCodec.Contents clusters, Cast cast) {
        return name(tracks, clusters, cast, Optional.empty());
    }

    private static NameCodec.Contents name(List<Track> tracks, ClusterCodec.Contents clusters, Cast cast,
                                           Optional<NameCodec.Contents> previous) {
        return Naming.name(new Naming.Inputs(tracks, clusters, cast, "ep", MODEL, CALIBRATION,
                StageFixtures.SAMPLE_PERIOD, previous));
    }

    private static Map<String, String> names(NameCodec.Contents c) {
        return c.all().stream().collect(Collectors.toMap(NameCodec.Entry::id,
                e -> e.name() == null ? "-" : e.name() + "/" + e.match().by()));
    }

    private static Map<String, List<String>> groups(NameCodec.Contents c) {
        return c.all().stream().collect(Collectors.toMap(NameCodec.Entry::id, NameCodec.Entry::trackIds));
    }

    @Test
    void name_withoutCastOrEdits_keepsTheClusteringAndItsIds() {
        NameCodec.Contents c = name(threePeople, Cast.empty("s"));
        assertThat(groups(c)).isEqualTo(Map.of("p01", List.of("t0001", "t0002", "t0003"),
                "p02", List.of("t0004", "t0005"), "p03", List.of("t0006")));
        assertThat(c.all()).allMatch(e -> e.personId() == null && e.match() == null);
        assertThat(c.all().get(0).screenTimeSeconds()).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void name_identityCloseToOnePerson_isNamedAutomaticallyWithItsSimilarity() {
        NameCodec.Contents c = name(threePeople, cast(List.of(person("c001", "Ann", axis(0, DIMS)),
                person("c002", "Bob", axis(1, DIMS)))));
        assertThat(names(c)).isEqualTo(Map.of("p01", "Ann/auto", "p02", "Bob/auto", "p03", "-"));
        NameCodec.Match match = c.all().get(0).match();
        assertThat(match.similarity()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(match.runnerUp()).isEqualTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void name_identityAsCloseToTwoPeople_staysUnnamed() {
        float[] between = dev.facereel.core.internal.stage.Vectors.normalised(new double[] {1, 0.95, 0, 0, 0, 0, 0, 0});
        NameCodec.Contents c = name(threePeople, cast(List.of(person("c001", "Ann", between),
                person("c002", "Twin", dev.facereel.core.internal.stage.Vectors.normalised(
                        new double[] {0.95, 1, 0, 0, 0, 0, 0, 0})))));
        assertThat(names(c).get("p01")).as("neither leads the other by the margin").isEqualTo("-");
    }

    @Test
    void name_personBelowTheThreshold_isNotNamed_andOtherModelsAreNeverCompared() {
        float[] weak = dev.facereel.core.internal.stage.Vectors.normalised(new double[] {0.4, 0, 0, 0, 0, 0, 0, 1});
        Person otherModel = new Person("c002", "Other", List.of(new Reference("model-b", axis(0, DIMS), null, null,
                "shows/s/photos/b.jpg")));
        NameCodec.Contents c = name(threePeople, cast(List.of(person("c001", "Weak", weak), otherModel)));
        assertThat(c.all()).allMatch(e -> e.personId() == null);
    }

    @Test
    void name_userEdits_areReplayedInOrder_nameMergeMoveNot() {
        List<Person> people = List.of(person("c001", "Ann", axis(0, DIMS)), person("c002", "Bob", axis(1, DIMS)));
        NameCodec.Contents c = name(threePeople, cast(people,
                edit(1, Edit.Kind.NAME, "c002", List.of("t0006"), List.of()),
                edit(2, Edit.Kind.MERGE, null, List.of("t0004", "t0006"), List.of()),
                edit(3, Edit.Kind.MOVE, null, List.of("t0003"), List.of()),
                edit(4, Edit.Kind.NOT, "c001", List.of("t0001", "t0002"), List.of())));
        assertThat(groups(c)).as("the merged identity keeps the id most of its tracks had")
                .containsEntry("p02", List.of("t0004", "t0005", "t0006"))
                .containsEntry("p01", List.of("t0001", "t0002"));
        assertThat(names(c)).containsEntry("p02", "Bob/user").containsEntry("p01", "-");
        String split = c.all().stream().filter(e -> e.trackIds().equals(List.of("t0003"))).findFirst().orElseThrow()
                .id();
        assertThat(split).as("a new identity gets a new number").isEqualTo("p04");
        assertThat(names(c).get(split)).as("the split track matches Ann; nothing rules her out for it")
                .isEqualTo("Ann/auto");
    }

    @Test
    void name_edits_surviveAnotherClustering() {
        List<Person> people = List.of(person("c001", "Ann", axis(0, DIMS)));
        Edit merge = edit(1, Edit.Kind.MERGE, null, List.of("t0001", "t0004"), List.of());
        Edit move = edit(2, Edit.Kind.MOVE, null, List.of("t0002"), List.of("t0006"));
        ClusterCodec.Contents splitMore = clusters(entry("p01", "t0001"), entry("p02", "t0002"), entry("p03", "t0003"),
                entry("p04", "t0004", "t0005"), entry("p05", "t0006"));
        for (ClusterCodec.Contents clustering : List.of(threePeople, splitMore)) {
            NameCodec.Contents c = name(clustering, cast(people, merge, move));
            List<List<String>> g = c.all().stream().map(NameCodec.Entry::trackIds).toList();
            assertThat(g).as("with %s", clustering).anyMatch(t -> t.containsAll(List.of("t0001", "t0004")))
                    .anyMatch(t -> t.containsAll(List.of("t0002", "t0006")));
        }
    }

    @Test
    void name_afterRedetect_findsTracksByFrameSpanAndBox_andReportsEditsThatFindNothing() {
        // Detect ran anew: the tracks are numbered differently and start one sample later; t0006's face is gone.
        List<Track> redetected = new ArrayList<>();
        int[] starts = {1, 11, 21, 31, 41};
        int[] people = {0, 0, 0, 1, 1};
        for (int i = 0; i < starts.length; i++) {
            redetected.add(track("t01" + i, starts[i], people[i]));
        }
        ClusterCodec.Contents clusters = clusters(entry("p01", "t010", "t011", "t012"), entry("p02", "t013", "t014"));
        Edit move = edit(1, Edit.Kind.MOVE, null, List.of("t0003"), List.of("t0004"));
        Edit gone = edit(2, Edit.Kind.NAME, "c001", List.of("t0006"), List.of());
        NameCodec.Contents c = name(redetected, clusters, cast(List.of(person("c001", "Ann", axis(0, DIMS))), move,
                gone), Optional.empty());
        assertThat(groups(c).values()).contains(List.of("t012", "t013", "t014"));
        assertThat(c.unresolvedEdits()).singleElement().satisfies(u -> {
            assertThat(u.edit()).isEqualTo("e0002");
            assertThat(u.reason()).contains("none of its 1 track is found");
        });
    }

    @Test
    void name_ofAPersonNoLongerInTheCast_isDropped() {
        NameCodec.Contents c = name(threePeople, cast(List.of(), edit(1, Edit.Kind.NAME, "c009", List.of("t0006"),
                List.of())));
        assertThat(c.all()).allMatch(e -> e.personId() == null);
        assertThat(c.unresolvedEdits()).isEmpty();
    }

    @Test
    void name_twoIdentitiesMatchingOnePerson_joinUnlessTheyShareAFrame() {
        ClusterCodec.Contents split = clusters(entry("p01", "t0001", "t0002"), entry("p02", "t0003"),
                entry("p03", "t0004", "t0005"));
        NameCodec.Contents c = name(split, cast(List.of(person("c001", "Ann", axis(0, DIMS)))));
        assertThat(groups(c)).containsEntry("p01", List.of("t0001", "t0002", "t0003"));

        List<Track> together = new ArrayList<>(tracks);
        together.set(2, new Track("t0003", 0, List.of(face(0, 300, 100, axis(0, DIMS)))));
        NameCodec.Contents apart = name(together, split, cast(List.of(person("c001", "Ann", axis(0, DIMS)))),
                Optional.empty());
        assertThat(names(apart)).containsEntry("p01", "Ann/auto").containsEntry("p02", "-");
    }

    @Test
    void name_ids_stayWithTheirTracksAcrossRuns() {
        NameCodec.Contents first = name(threePeople, Cast.empty("s"));
        ClusterCodec.Contents reordered = clusters(entry("p01", "t0006"), entry("p02", "t0004", "t0005"),
                entry("p03", "t0001", "t0002", "t0003"));
        NameCodec.Contents second = name(tracks, reordered, Cast.empty("s"), Optional.of(first));
        assertThat(groups(second)).isEqualTo(groups(first));
    }

    @Test
    void anchor_ofATrack_findsItselfFirst() {
        TrackAnchor a = TrackAnchors.of(tracks.get(0));
        assertThat(new TrackAnchors(tracks).find(a)).contains(tracks.get(0));
    }
}
