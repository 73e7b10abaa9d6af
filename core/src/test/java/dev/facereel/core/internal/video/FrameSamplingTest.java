package dev.facereel.core.internal.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSamplingTest {
    private static List<Integer> kept(FrameSampling sampling, int frames) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            if (sampling.isSampled(i)) {
                kept.add(i);
            }
        }
        return kept;
    }

    @Test
    void sampling_25fpsAt5_keepsEveryFifthFrame() {
        FrameSampling sampling = new FrameSampling(25, 5);
        assertThat(kept(sampling, 21)).containsExactly(0, 5, 10, 15, 20);
        assertThat(sampling.count(1050)).isEqualTo(210);
    }

    @Test
    void sampling_ntscAt5_keepsFirstFrameAtOrAfterEachInstant() {
        FrameSampling sampling = new FrameSampling(30000.0 / 1001, 5);
        // instants k/5 s fall at frame positions k * 5.994: 0, 5.994, 11.988, 17.982, ...
        assertThat(kept(sampling, 40)).containsExactly(0, 6, 12, 18, 24, 30, 36);
    }

    @Test
    void sampling_30fpsAt4_roundsUpFractionalPositions() {
        assertThat(kept(new FrameSampling(30, 4), 31)).containsExactly(0, 8, 15, 23, 30);
    }

    @Test
    void sampling_atOrAboveVideoRate_keepsEveryFrame() {
        assertThat(new FrameSampling(25, 25).everyFrame()).isTrue();
        assertThat(kept(new FrameSampling(25, 60), 6)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(new FrameSampling(25, 5).everyFrame()).isFalse();
    }

    @Test
    void firstAtOrAfter_betweenSamples_givesTheNextSample() {
        FrameSampling sampling = new FrameSampling(25, 5);
        assertThat(sampling.firstAtOrAfter(0)).isZero();
        assertThat(sampling.firstAtOrAfter(1)).isEqualTo(5);
        assertThat(sampling.firstAtOrAfter(500)).isEqualTo(500);
        assertThat(sampling.firstAtOrAfter(503)).isEqualTo(505);
    }

    @Test
    void count_agreesWithIsSampled() {
        for (FrameSampling sampling : List.of(new FrameSampling(25, 5), new FrameSampling(29.97, 5),
                new FrameSampling(23.976, 3), new FrameSampling(30, 4), new FrameSampling(25, 30))) {
            for (int frames : new int[] {0, 1, 2, 7, 100, 1049, 1050, 5001}) {
                assertThat(sampling.count(frames)).as("%s over %d frames", sampling, frames)
                        .isEqualTo(kept(sampling, frames).size());
            }
        }
    }

    @Test
    void sampling_nonPositiveRate_isRejected() {
        assertThatThrownBy(() -> new FrameSampling(25, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample fps");
    }
}
