package dev.facereel.core.internal.stage.track;

import dev.facereel.core.internal.stage.FaceFilter;
import dev.facereel.core.internal.stage.StageFixtures;
import dev.facereel.core.internal.stage.Vectors;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.detect.FrameRecord;
import static dev.facereel.core.internal.stage.StageFixtures.axis;
import static dev.facereel.core.internal.stage.StageFixtures.face;
import static dev.facereel.core.internal.stage.StageFixtures.frame;
import static dev.facereel.core.internal.stage.StageFixtures.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.facereel.spi.BoundingBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrackerTest {
    private final Random random = new Random(7);
    private final float[] alice = axis(0, 64);
    private final float[] bob = axis(1, 64);

    @Test
    void track_twoFacesMovingAcrossFrames_stayTwoTracks() {
        List<FrameRecord> frames = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            // Listed right face first, to show that input order does not matter.
            frames.add(frame(s, 0, face(s, 300 - 8 * s, 50, near(bob, random, 0.02)),
                    face(s, 100 + 8 * s, 60, near(alice, random, 0.02))));
        }

        List<Track> tracks = new Tracker().track(frames);

        assertThat(tracks).extracting(Track::id).containsExactly("t0001", "t0002");
        assertThat(tracks).allSatisfy(t -> assertThat(t.faces()).hasSize(10));
        assertThat(Vectors.cosine(tracks.get(0).meanEmbedding(), alice)).isGreaterThan(0.99);
        assertThat(Vectors.cosine(tracks.get(1).meanEmbedding(), bob)).isGreaterThan(0.99);
        assertThat(tracks.get(0).faces()).extracting(f -> f.box().x1()).isSorted();
    }

    @Test
    void track_facesCrossingPaths_followEmbeddingsNotJustBoxes() {
        // Two faces swap places in one jump: boxes no longer overlap, embeddings decide.
        List<FrameRecord> frames = List.of(
                frame(0, 0, face(0, 100, 50, alice), face(0, 300, 50, bob)),
                frame(1, 0, face(1, 300, 50, near(alice, random, 0.02)), face(1, 100, 50, near(bob, random, 0.02))));

        List<Track> tracks = new Tracker().track(frames);

        assertThat(tracks).hasSize(2);
        assertThat(tracks.get(0).faces()).extracting(f -> f.box().x1()).containsExactly(100f, 300f);
    }

    @Test
    void track_atAShotCut_splitsTheTrack() {
        float[] e = alice;
        List<FrameRecord> frames = List.of(frame(0, 0, face(0, 100, 50, e)), frame(1, 0, face(1, 102, 50, e)),
                frame(2, 1, face(2, 104, 50, e)), frame(3, 1, face(3, 106, 50, e)));

        List<Track> tracks = new Tracker().track(frames);

        assertThat(tracks).extracting(Track::shot).containsExactly(0, 1);
        assertThat(tracks).extracting(Track::firstFrame).containsExactly(0, 10);
        assertThat(tracks).extracting(Track::lastFrame).containsExactly(5, 15);
    }

    @Test
    void track_gapUpToMaxGap_keepsTheTrack_longerGapEndsIt() {
        List<FrameRecord> frames = List.of(frame(0, 0, face(0, 100, 50, alice)), frame(1, 0), frame(2, 0),
                frame(3, 0, face(3, 100, 50, alice)), frame(4, 0), frame(5, 0), frame(6, 0),
                frame(7, 0, face(7, 100, 50, alice)));

        List<Track> tracks = new Tracker().track(frames);

        assertThat(tracks).hasSize(2);
        assertThat(tracks.get(0).faces()).extracting(FaceRecord::frame).containsExactly(0, 15);
        assertThat(tracks.get(1).faces()).extracting(FaceRecord::frame).containsExactly(35);
    }

    @Test
    void track_strangerInTheSameBox_startsANewTrack_unlessEmbeddingsAreMissing() {
        List<FrameRecord> strangers = List.of(frame(0, 0, face(0, 100, 50, alice)), frame(1, 0, face(1, 100, 50, bob)));
        List<FrameRecord> unknown = List.of(frame(0, 0, face(0, 100, 50, new float[0])),
                frame(1, 0, face(1, 104, 50, new float[0])));

        assertThat(new Tracker().track(strangers)).hasSize(2);
        assertThat(new Tracker().track(unknown)).singleElement().satisfies(t -> assertThat(t.faces()).hasSize(2));
    }

    @Test
    void track_minFaces_dropsShortTracks() {
        List<FrameRecord> frames = List.of(frame(0, 0, face(0, 100, 50, alice), face(0, 300, 50, bob)),
                frame(1, 0, face(1, 100, 50, alice)));

        List<Track> tracks = new Tracker(new Tracker.Settings(0.3, 0.5, 0.2, 2, 2, FaceFilter.OTHERS)).track(frames);

        assertThat(tracks).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("t0001");
            assertThat(t.faces()).hasSize(2);
        });
    }

    @Test
    void track_idsFollowFirstFrameThenLeftToRight() {
        List<FrameRecord> frames = List.of(frame(0, 0, face(0, 400, 50, bob)),
                frame(1, 0, face(1, 400, 50, bob), face(1, 10, 50, alice), face(1, 200, 200, axis(2, 64))));

        List<Track> tracks = new Tracker().track(frames);

        assertThat(tracks).extracting(t -> t.faces().get(0).box().x1()).containsExactly(400f, 10f, 200f);
        assertThat(tracks).extracting(Track::id).containsExactly("t0001", "t0002", "t0003");
    }

    @Test
    void track_poorFacesAlone_startNoTrack_butContinueOneThatAGoodFaceStarted() {
        List<FrameRecord> frames = List.of(
                frame(0, 0, poor(0, 100, alice, 0.1f), face(0, 400, 50, bob)),
                frame(1, 0, poor(1, 102, alice, 0.1f), poor(1, 402, bob, 0.1f)),
                frame(2, 0, poor(2, 104, alice, 0.1f), poor(2, 404, bob, 0.1f)));

        List<Track> tracks = new Tracker().track(frames);

        assertThat(tracks).singleElement().satisfies(t -> {
            assertThat(t.faces()).extracting(FaceRecord::frame).containsExactly(0, 5, 10);
            assertThat(t.faces().get(0).box().x1()).isEqualTo(400f);
            assertThat(t.lowQuality()).as("mean quality 0.4 is not below 0.3").isFalse();
        });
    }

    @Test
    void track_tinyFaces_startNoTrack_whateverTheirQuality() {
        FaceRecord tiny = new FaceRecord(0, 0, new BoundingBox(10, 10, 34, 34), 0.99f, 1f, null, alice);

        assertThat(new Tracker().track(List.of(frame(0, 0, tiny)))).isEmpty();
        assertThat(new Tracker(Tracker.Settings.DEFAULTS.with(new FaceFilter(24, 0.3))).track(List.of(frame(0, 0, tiny))))
                .hasSize(1);
    }

    @Test
    void track_ofMostlyPoorFaces_isLowQuality_andItsEmbeddingLeansOnTheGoodFace() {
        float[] blurred = axis(1, 64); // unlike the sharp face: a poor face links by its position alone
        List<FrameRecord> frames = List.of(frame(0, 0, face(0, 100, 50, alice)),
                frame(1, 0, poor(1, 101, blurred, 0.05f)), frame(2, 0, poor(2, 102, blurred, 0.05f)),
                frame(3, 0, poor(3, 103, blurred, 0.05f)));

        Track track = new Tracker(Tracker.Settings.DEFAULTS.with(new FaceFilter(32, 0.3))).track(frames).get(0);

        assertThat(track.faces()).hasSize(4);
        assertThat(track.lowQuality()).as("mean quality %s", track.meanQuality()).isTrue();
        assertThat(Vectors.cosine(track.meanEmbedding(), alice)).isGreaterThan(0.95);
        assertThat(new Track("t0001", 0, track.faces()).meanQuality()).isCloseTo(0.2875, offset(1e-6));
    }

    /** A 40-px face of the given quality. */
    private static FaceRecord poor(int sample, float x, float[] embedding, float quality) {
        FaceRecord f = face(sample, x, 50, embedding);
        return new FaceRecord(f.frame(), f.t(), f.box(), f.score(), quality, null, embedding);
    }

    @Test
    void track_framesOutOfOrder_isRejected() {
        assertThatThrownBy(() -> new Tracker().track(List.of(frame(1, 0), frame(0, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in increasing order");
        assertThatThrownBy(() -> new Tracker.Settings(0.3, 0.5, 0.2, -1, 1, FaceFilter.OTHERS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxGap");
    }

    @Test
    void meanEmbedding_isNormalised_andZeroWithoutEmbeddings() {
        Track track = new Track("t0001", 0, List.of(face(0, 0, 0, new float[] {3, 0}), face(1, 0, 0, new float[] {0, 3})));
        Track bare = new Track("t0002", 0, List.of(face(0, 0, 0, new float[0])));

        assertThat(track.meanEmbedding()).containsExactly(new float[] {0.70710677f, 0.70710677f},
                offset(1e-6f));
        assertThat(bare.meanEmbedding()).isEmpty();
    }

    @Test
    void faceRecord_copiesItsEmbedding() {
        float[] e = {1, 0};
        FaceRecord face = face(0, 0, 0, e);
        e[0] = 5;
        face.embedding()[1] = 5;

        assertThat(face.embedding()).containsExactly(1, 0);
        assertThat(face).isEqualTo(face(0, 0, 0, new float[] {1, 0}));
    }
}
