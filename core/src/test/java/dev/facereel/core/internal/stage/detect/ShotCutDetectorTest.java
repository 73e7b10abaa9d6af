package dev.facereel.core.internal.stage.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.internal.video.VideoDecoder;
import dev.facereel.core.internal.video.VideoFrame;
import dev.facereel.core.testing.EpisodeTruth;
import dev.facereel.core.testing.QualityClips;
import dev.facereel.spi.Image;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShotCutDetectorTest {
    private static final double RATE = 5;

    @TempDir
    static Path dir;
    private static Path clip;
    private static List<QualityClips.Transition> transitions;

    @BeforeAll
    static void makeClip() throws IOException {
        SharedAssets.root();
        clip = dir.resolve("shot-cuts.mp4");
        transitions = QualityClips.shotCuts(clip);
    }

    @Test
    void next_onSyntheticEpisode_findsEveryHardCutAtItsFrameAndNothingElse() throws IOException {
        assertCutsAtTruth("episode_synth", 12);
    }

    @Test
    void next_onSecondSyntheticEpisode_findsEveryHardCutAtItsFrameAndNothingElse() throws IOException {
        assertCutsAtTruth("episode_synth_e02", 10);
    }

    @Test
    void next_panFlashAndFastMotion_stayOneShot_whileFadeAndDissolveCut() {
        List<Integer> cuts = cuts(clip, new ShotCutDetector(RATE));

        assertThat(cuts).as("cut frames of %s", transitions).hasSize(transitions.size());
        for (int i = 0; i < transitions.size(); i++) {
            QualityClips.Transition t = transitions.get(i);
            assertThat(cuts.get(i)).as("the %s", t.kind()).isBetween(t.first(), t.last());
        }
    }

    @Test
    void resume_fromStateAfterEveryFrame_numbersShotsLikeAnUninterruptedRun() {
        ShotCutDetector uninterrupted = new ShotCutDetector(RATE);
        ShotCutDetector[] resumed = {new ShotCutDetector(RATE)};
        List<Integer> expected = new ArrayList<>();
        List<Integer> actual = new ArrayList<>();

        for (Path video : List.of(clip, SharedAssets.media("episode_synth.mp4"))) {
            forEachSample(video, (image, frame) -> {
                expected.add(uninterrupted.next(image));
                actual.add(resumed[0].next(image));
                resumed[0] = ShotCutDetector.resume(resumed[0].state(), RATE);
            });
        }

        assertThat(actual).isEqualTo(expected);
        assertThat(expected).contains(4 + 1 + 12);
    }

    @Test
    void next_flatFrames_dark_thenAScene_thenAWhiteFlash_cutOnceIntoTheScene() {
        ShotCutDetector detector = new ShotCutDetector(RATE);
        Image scene = stripes(64, 36);

        assertThat(detector.shot()).isEqualTo(-1);
        assertThat(List.of(detector.next(flat(64, 36, 20)), detector.next(flat(64, 36, 22)), detector.next(scene),
                detector.next(flat(64, 36, 250)), detector.next(scene))).containsExactly(0, 0, 1, 1, 1);
    }

    @Test
    void resume_withBadState_isRejected() {
        assertThatThrownBy(() -> new ShotCutDetector.State(0, List.of(new float[3]), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("624 values, got 3");
        assertThatThrownBy(() -> new ShotCutDetector.State(-2, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shot index");
        float[] tooBright = new float[624];
        tooBright[0] = 256;
        assertThatThrownBy(() -> new ShotCutDetector.State(0, List.of(), tooBright))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0,255] at 0, got 256.0");
        List<float[]> tooMany = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tooMany.add(new float[624]);
        }
        assertThatThrownBy(() -> ShotCutDetector.resume(new ShotCutDetector.State(0, tooMany, null), RATE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 7 signatures");
        assertThatThrownBy(() -> new ShotCutDetector(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples per second");
    }

    private static void assertCutsAtTruth(String episode, int cuts) throws IOException {
        List<Integer> expected = new ArrayList<>();
        List<EpisodeTruth.Shot> shots = new EpisodeTruth(SharedAssets.media(episode + ".truth.json")).shots();
        for (int i = 1; i < shots.size(); i++) {
            int first = shots.get(i).first();
            expected.add((first + 4) / 5 * 5); // the first sampled frame of the shot
        }
        assertThat(expected).hasSize(cuts);
        assertThat(cuts(SharedAssets.media(episode + ".mp4"), new ShotCutDetector(RATE))).isEqualTo(expected);
    }

    /** The frames at which the detector starts a new shot, after the first. */
    private static List<Integer> cuts(Path video, ShotCutDetector detector) {
        List<Integer> cuts = new ArrayList<>();
        int[] shot = {0};
        forEachSample(video, (image, frame) -> {
            int s = detector.next(image);
            if (s != shot[0] && frame > 0) {
                cuts.add(frame);
            }
            shot[0] = s;
        });
        return cuts;
    }

    private interface Sample {
        void accept(Image image, int frame);
    }

    private static void forEachSample(Path video, Sample sample) {
        try (VideoDecoder decoder = VideoDecoder.open(video)) {
            for (Iterator<VideoFrame> it = decoder.frames(RATE, 0); it.hasNext(); ) {
                VideoFrame f = it.next();
                sample.accept(f.image(), f.index());
            }
        }
    }

    private static Image flat(int width, int height, int grey) {
        byte[] bgr = new byte[width * height * 3];
        Arrays.fill(bgr, (byte) grey);
        return Image.ofBgr(width, height, bgr);
    }

    private static Image stripes(int width, int height) {
        byte[] bgr = new byte[width * height * 3];
        for (int i = 0; i < bgr.length; i++) {
            bgr[i] = (byte) (((i / 3) % width / 8) % 2 == 0 ? 30 : 200);
        }
        return Image.ofBgr(width, height, bgr);
    }
}
