package dev.facereel.core.internal.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FrameTimesTest {
    @Test
    void ofTimestamps_inAnyOrder_sortsThemAndTimesFromTheFirst() {
        // decode order of an IPBB stream, with a first timestamp that is not zero (MPEG-TS)
        FrameTimes t = FrameTimes.ofTimestamps(new long[] {133_200, 144_000, 136_800, 140_400}, 1, 90_000);
        assertThat(t.frameCount()).isEqualTo(4);
        assertThat(IntStream.range(0, 4).mapToDouble(t::seconds).toArray()).containsExactly(0, 0.04, 0.08, 0.12);
        assertThat(t.indexOfTimestamp(140_400)).isEqualTo(2);
        assertThat(t.indexOfTimestamp(140_401)).isEqualTo(-1);
        assertThat(t.fromTimestamps()).isTrue();
    }

    @Test
    void ofTimestamps_repeated_isRefused() {
        assertThatThrownBy(() -> FrameTimes.ofTimestamps(new long[] {0, 512, 512}, 1, 12_800))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeated");
    }

    @Test
    void sampled_onConstantRate_keepsWhatFrameSamplingKeeps() {
        for (double fps : new double[] {25, 29.97, 30, 50, 23.976}) {
            for (double rate : new double[] {1, 2, 5, 7, 12.5, 25, 60}) {
                FrameTimes t = FrameTimes.constant(1000, fps);
                FrameSampling s = new FrameSampling(fps, rate);
                BitSet kept = t.sampled(rate);
                for (int i = 0; i < 1000; i++) {
                    assertThat(kept.get(i)).as("frame %d at %s fps sampled at %s", i, fps, rate).isEqualTo(s.isSampled(i));
                }
                assertThat(t.count(rate)).isEqualTo(s.count(1000));
            }
        }
    }

    @Test
    void sampled_acrossAGap_keepsTheFirstFrameAfterItOnce() {
        // 25 fps to 0.2 s, nothing until 1.0 s, then 25 fps again
        long[] pts = {0, 1, 2, 3, 4, 5, 25, 26, 27, 28, 29, 30};
        FrameTimes t = FrameTimes.ofTimestamps(pts, 1, 25);
        BitSet kept = t.sampled(5);
        // instants 0, 0.2, then 0.4, 0.6, 0.8 and 1.0 all fall to the frame at 1.0 s, then 1.2
        assertThat(kept.stream().toArray()).containsExactly(0, 5, 6, 11);
    }
}
