package dev.facereel.core.internal.stage.cluster;

import dev.facereel.core.internal.stage.StageFixtures;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.track.Track;
import static dev.facereel.core.internal.stage.StageFixtures.SAMPLE_PERIOD;
import static dev.facereel.core.internal.stage.StageFixtures.axis;
import static dev.facereel.core.internal.stage.StageFixtures.face;
import static dev.facereel.core.internal.stage.StageFixtures.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClustererTest {
    private static final int DIMS = 128;
    private final Random random = new Random(11);

    /** A track of one face at each of the given sampled frames, all with embeddings near {@code centre}. */
    private Track track(String id, float[] centre, double noise, int... samples) {
        List<FaceRecord> faces = new ArrayList<>();
        for (int s : samples) {
            faces.add(face(s, 10, 10, centre.length == 0 ? centre : near(centre, random, noise)));
        }
        return new Track(id, 0, faces);
    }

    @Test
    void cluster_wellSeparatedCentres_clusterPerfectly() {
        List<Track> tracks = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            // Per-component noise 0.06 over 128 dims: a face scores about 0.8 against its centre, 0 against others.
            tracks.add(track("t" + t, axis(t % 4, DIMS), 0.06, 10 * t, 10 * t + 1));
        }

        Clustering clustering = new Clusterer().cluster(tracks, SAMPLE_PERIOD);

        assertThat(clustering.unclusteredTrackIds()).isEmpty();
        assertThat(clustering.identities()).hasSize(4);
        for (Identity identity : clustering.identities()) {
            Set<Integer> centres = new HashSet<>();
            identity.trackIds().forEach(id -> centres.add(Integer.parseInt(id.substring(1)) % 4));
            assertThat(centres).hasSize(1);
            assertThat(identity.trackIds()).hasSize(10);
        }
    }

    @Test
    void cluster_tracksSharingAFrame_neverMerge() {
        float[] same = axis(0, DIMS);
        Track a = track("a", same, 0.01, 0, 1, 2);
        Track b = track("b", same, 0.01, 2, 3);
        Track c = track("c", same, 0.01, 6, 7);

        Clustering clustering = new Clusterer().cluster(List.of(a, b, c), SAMPLE_PERIOD);

        assertThat(clustering.identities()).hasSize(2);
        assertThat(clustering.identities()).noneMatch(i -> i.trackIds().containsAll(List.of("a", "b")));
        assertThat(clustering.identities()).flatExtracting(Identity::trackIds).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void cluster_cannotLink_holdsForWholeClustersNotJustPairs() {
        // a~c and b~d are the closest pairs; a and b share a frame, so {a,c} and {b,d} must stay apart too.
        float[] same = axis(0, DIMS);
        Track a = track("a", same, 0.001, 0);
        Track b = track("b", same, 0.001, 0);
        Track c = track("c", a.meanEmbedding(), 0.0001, 5);
        Track d = track("d", b.meanEmbedding(), 0.0001, 9);

        Clustering clustering = new Clusterer().cluster(List.of(a, b, c, d), SAMPLE_PERIOD);

        assertThat(clustering.identities()).extracting(Identity::trackIds)
                .containsExactlyInAnyOrder(List.of("a", "c"), List.of("b", "d"));
    }

    @Test
    void cluster_screenTime_isTheUnionOfTrackSpans() {
        float[] same = axis(0, DIMS);
        // Covers [0, 1.0) and [0.2, 0.8): the union is 1.0 s, not the 1.6 s sum; plus [2.0, 2.2).
        Track a = track("a", same, 0.01, 0, 2, 4);
        Track b = track("b", same, 0.01, 1, 3);
        Track c = track("c", same, 0.01, 10);

        Clustering clustering = new Clusterer().cluster(List.of(a, b, c), SAMPLE_PERIOD);

        assertThat(clustering.identities()).singleElement().satisfies(identity -> {
            assertThat(identity.screenTimeSeconds()).isCloseTo(1.2, within(1e-9));
            assertThat(identity.trackIds()).containsExactly("a", "b", "c");
            assertThat(identity.stillTrackId()).isEqualTo("a");
        });
    }

    @Test
    void cluster_identities_areNumberedByDescendingScreenTime_andBareTracksLeftOut() {
        Track early = track("t0001", axis(0, DIMS), 0.01, 0, 1);
        Track bare = track("t0002", new float[0], 0, 1);
        Track zero = track("t0003", new float[DIMS], 0, 2);
        Track longShort = track("t0004", axis(1, DIMS), 0.01, 5);
        Track longLong = track("t0005", axis(1, DIMS), 0.01, 6, 7, 8);
        Track tie = track("t0006", axis(2, DIMS), 0.01, 20, 21);

        Clustering clustering = new Clusterer().cluster(List.of(early, bare, zero, longShort, longLong, tie),
                SAMPLE_PERIOD);

        assertThat(clustering.unclusteredTrackIds()).containsExactly("t0002", "t0003");
        assertThat(clustering.identities()).extracting(Identity::id).containsExactly("p01", "p02", "p03");
        assertThat(clustering.identities()).extracting(Identity::trackIds)
                .containsExactly(List.of("t0004", "t0005"), List.of("t0001"), List.of("t0006"));
        assertThat(clustering.identities().get(0).stillTrackId()).isEqualTo("t0005");
        assertThat(clustering.identities().get(0).screenTimeSeconds()).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void cluster_threeThousandTracks_findsEveryPerson() {
        int centres = 60;
        List<float[]> people = new ArrayList<>();
        for (int p = 0; p < centres; p++) {
            people.add(axis(p, DIMS));
        }
        List<Track> tracks = new ArrayList<>();
        for (int t = 0; t < 3000; t++) {
            tracks.add(track("t" + t, people.get(t % centres), 0.06, 3 * t));
        }

        Clustering clustering = new Clusterer().cluster(tracks, SAMPLE_PERIOD);

        assertThat(clustering.identities()).hasSize(centres);
        assertThat(clustering.identities()).allSatisfy(identity -> assertThat(identity.trackIds().stream()
                .map(id -> Integer.parseInt(id.substring(1)) % centres).distinct()).as("people in %s", identity.id()).hasSize(1));
    }

    @Test
    void cluster_aboveTheExactLimit_sampleAndAssign_givesTheExactIdentities() {
        int centres = 12;
        List<Track> tracks = new ArrayList<>();
        for (int t = 0; t < 600; t++) {
            tracks.add(track(String.format("t%04d", t), axis(t % centres, DIMS), 0.06, 3 * t));
        }

        Clustering exact = new Clusterer(Clusterer.DEFAULT_THRESHOLD, 1000).cluster(tracks, SAMPLE_PERIOD);
        Clustering scaled = new Clusterer(Clusterer.DEFAULT_THRESHOLD, 50).cluster(tracks, SAMPLE_PERIOD);

        assertThat(exact.identities()).hasSize(centres);
        assertThat(scaled.identities()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(exact.identities());
    }

    @Test
    void cluster_aboveTheExactLimit_tracksSharingAFrameStillNeverMeet() {
        // One person in 200 tracks, over a limit of 40; each "twin" shares a frame with the track before it, so
        // the person must be split.
        List<Track> tracks = new ArrayList<>();
        for (int t = 0; t < 200; t++) {
            boolean twin = t % 20 == 1;
            tracks.add(track((twin ? "twin" : "t") + t, axis(0, DIMS), 0.01, twin ? 3 * (t - 1) : 3 * t));
        }

        Clustering clustering = new Clusterer(Clusterer.DEFAULT_THRESHOLD, 40).cluster(tracks, SAMPLE_PERIOD);

        assertThat(clustering.identities()).flatExtracting(Identity::trackIds).hasSize(200);
        for (Identity identity : clustering.identities()) {
            for (int t = 1; t < 200; t += 20) {
                assertThat(identity.trackIds().contains("twin" + t) && identity.trackIds().contains("t" + (t - 1)))
                        .as("twin%d shares a frame with t%d", t, t - 1).isFalse();
            }
        }
        // Exact clustering also needs exactly two identities to keep every pair apart.
        assertThat(new Clusterer(Clusterer.DEFAULT_THRESHOLD, 1000).cluster(tracks, SAMPLE_PERIOD).identities())
                .hasSize(2);
        assertThat(clustering.identities()).hasSize(2);
    }

    @Test
    void cluster_badArguments_areRejected() {
        Track a = track("a", axis(0, DIMS), 0.01, 0);
        Track shorter = track("b", axis(0, 8), 0.01, 1);

        assertThatThrownBy(() -> new Clusterer().cluster(List.of(a), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample period");
        assertThatThrownBy(() -> new Clusterer().cluster(List.of(a, shorter), SAMPLE_PERIOD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("track b has an embedding of 8");
        assertThatThrownBy(() -> new Clusterer(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
    }
}
