package dev.facereel.core.internal.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.spi.Image;
import dev.facereel.core.testing.BrokenVideos;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoDecoderTest {
    private static final int FRAMES = 1050;

    @TempDir
    Path tmp;

    private static Path episode() {
        return SharedAssets.media("episode_synth.mp4");
    }

    private static List<VideoFrame> all(Iterator<VideoFrame> frames) {
        List<VideoFrame> out = new ArrayList<>();
        frames.forEachRemaining(out::add);
        return out;
    }

    @Test
    void open_episode_reportsSizeRateAndDecodableFrameCount() {
        try (VideoDecoder decoder = VideoDecoder.open(episode())) {
            assertThat(decoder.info()).isEqualTo(new VideoInfo(640, 360, 25.0, FRAMES));
            assertThat(decoder.info().durationSeconds()).isEqualTo(42.0);
            assertThat(decoder.framesDecoded()).isZero();
        }
    }

    @Test
    void frames_sampledAt5Fps_yieldEveryFifthFrameWithItsTime() {
        try (VideoDecoder decoder = VideoDecoder.open(episode())) {
            List<VideoFrame> frames = all(decoder.frames(5, 0));
            assertThat(frames).hasSize(210);
            for (int k = 0; k < frames.size(); k++) {
                VideoFrame f = frames.get(k);
                assertThat(f.index()).isEqualTo(5 * k);
                assertThat(f.timeSeconds()).isEqualTo(f.index() / 25.0);
                assertThat(f.image().width()).isEqualTo(640);
                assertThat(f.image().height()).isEqualTo(360);
            }
            // The episode is H.264 with B-frames: frames no sample needs and no frame refers to are skipped.
            assertThat(decoder.framesDecoded()).isGreaterThanOrEqualTo(210).isLessThan(FRAMES);
            assertThat(decoder.times().fromTimestamps()).isTrue();
            assertThat(decoder.threads()).as("decoding threads at 640x360").isEqualTo(1);
        }
    }

    @Test
    void frames_sampledWithSkipping_haveThePixelsOfAFullDecode() {
        Map<Integer, Image> every = new HashMap<>();
        try (VideoDecoder decoder = VideoDecoder.open(episode())) {
            decoder.frames(25, 0).forEachRemaining(f -> {
                if (f.index() % 5 == 0 || f.index() % 7 == 0) {
                    every.put(f.index(), f.image());
                }
            });
            assertThat(decoder.framesDecoded()).isEqualTo(FRAMES);
        }
        for (double rate : new double[] {5, 25.0 / 7}) {
            try (VideoDecoder decoder = VideoDecoder.open(episode())) {
                List<VideoFrame> sampled = all(decoder.frames(rate, 0));
                assertThat(sampled).hasSize(decoder.times().count(rate));
                for (VideoFrame f : sampled) {
                    assertThat(f.image()).as("frame %d sampled at %s fps", f.index(), rate).isEqualTo(every.get(f.index()));
                }
            }
        }
    }

    @Test
    void frames_withAnAnalysisSide_scaleDownOnlyLargerFramesAndMapFacesBack() {
        try (VideoDecoder decoder = VideoDecoder.open(episode())) {
            VideoFrame same = decoder.frames(5, 0, 640).next();
            assertThat(same.scaled()).isFalse();
            VideoFrame small = decoder.frames(5, 100, 320).next();
            assertThat(small.scaled()).isTrue();
            assertThat(small.image().width()).isEqualTo(640);
            assertThat(small.analysisImage().width()).isEqualTo(320);
            assertThat(small.analysisImage().height()).isEqualTo(180);
            dev.facereel.spi.Face found = new dev.facereel.spi.Face(new dev.facereel.spi.BoundingBox(10, 20, 30, 40),
                    0.9f, dev.facereel.spi.Landmarks.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
            dev.facereel.spi.Face mapped = small.toFrame(List.of(found)).get(0);
            assertThat(mapped.box()).isEqualTo(new dev.facereel.spi.BoundingBox(20, 40, 60, 80));
            assertThat(mapped.landmarks().xy()).containsExactly(2, 4, 6, 8, 10, 12, 14, 16, 18, 20);
            assertThat(mapped.score()).isEqualTo(0.9f);
        }
    }

    @Test
    void seek_toFrames0_137_500_1049_matchesSequentialDecode() {
        Set<Integer> wanted = Set.of(0, 137, 138, 139, 500, 501, 1049);
        Map<Integer, Image> sequential = new HashMap<>();
        try (VideoDecoder decoder = VideoDecoder.open(episode())) {
            decoder.frames(25, 0).forEachRemaining(f -> {
                if (wanted.contains(f.index())) {
                    sequential.put(f.index(), f.image());
                }
            });
        }
        assertThat(sequential).hasSize(wanted.size());
        try (VideoDecoder decoder = VideoDecoder.open(episode())) {
            // forwards, backwards and to the last frame, on one decoder
            for (int start : new int[] {500, 137, 1049, 0}) {
                Iterator<VideoFrame> frames = decoder.frames(25, start);
                VideoFrame first = frames.next();
                assertThat(first.index()).isEqualTo(start);
                assertThat(first.image()).as("frame %d after a seek", start).isEqualTo(sequential.get(start));
                if (start == 137 || start == 500) {
                    for (int i = start + 1; i < start + 3 && wanted.contains(i); i++) {
                        VideoFrame next = frames.next();
                        assertThat(next.index()).isEqualTo(i);
                        assertThat(next.image()).as("frame %d following a seek", i).isEqualTo(sequential.get(i));
                    }
                }
            }
        }
    }

    @Test
    void resume_fromFrame500_neverDecodesEarlierFrames() {
        try (VideoDecoder decoder = VideoDecoder.open(episode())) {
            List<VideoFrame> frames = all(decoder.frames(5, 500));
            assertThat(frames.get(0).index()).isEqualTo(500);
            assertThat(frames.get(frames.size() - 1).index()).isEqualTo(1045);
            assertThat(frames).hasSize(110);
            // Nothing before frame 500 is counted (what the seek decodes from the keyframe before it is dropped), and
            // of 500..1049 only the sampled frames and those they refer to are decoded.
            assertThat(decoder.framesDecoded()).isGreaterThanOrEqualTo(110).isLessThan(FRAMES - 500);
        }
    }

    @Test
    void resume_betweenSamples_startsAtTheNextSample() {
        try (VideoDecoder decoder = VideoDecoder.open(episode())) {
            assertThat(decoder.frames(5, 503).next().index()).isEqualTo(505);
            assertThat(decoder.framesDecoded()).as("at most 503, 504 and 505").isBetween(1L, 3L);
        }
    }

    @Test
    void frames_startingPastTheEnd_yieldNothing() {
        try (VideoDecoder decoder = VideoDecoder.open(episode())) {
            assertThat(decoder.frames(5, 5000).hasNext()).isFalse();
            assertThat(decoder.framesDecoded()).isZero();
        }
    }

    @Test
    void frames_calledAgain_invalidatesTheEarlierIterator() {
        try (VideoDecoder decoder = VideoDecoder.open(episode())) {
            Iterator<VideoFrame> old = decoder.frames(5, 0);
            decoder.frames(5, 100);
            assertThatThrownBy(old::hasNext).isInstanceOf(java.util.ConcurrentModificationException.class);
        }
    }

    @Test
    void close_calledTwice_isHarmlessAndLaterReadsFail() {
        VideoDecoder decoder = VideoDecoder.open(episode());
        decoder.close();
        assertThatCode(decoder::close).doesNotThrowAnyException();
        assertThatThrownBy(() -> decoder.frames(5, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void open_missingFile_namesIt() {
        Path missing = tmp.resolve("nope.mp4");
        assertThatThrownBy(() -> VideoDecoder.open(missing)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void open_zeroLengthFile_saysItIsEmpty() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.mp4"));
        assertThatThrownBy(() -> VideoDecoder.open(empty)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("empty (0 bytes)");
    }

    @Test
    void open_randomBytes_isNotAVideo() throws Exception {
        Path noise = BrokenVideos.randomBytes(tmp.resolve("noise.mp4"), 64 * 1024);
        assertThatThrownBy(() -> VideoDecoder.open(noise)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(noise.toString()).hasMessageContaining("Expected a video file");
    }

    @Test
    void open_textFile_isNotAVideo() throws Exception {
        Path text = BrokenVideos.text(tmp.resolve("notes.mp4"));
        assertThatThrownBy(() -> VideoDecoder.open(text)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("Expected a video file");
    }

    @Test
    void open_truncatedMp4WithIndexAtTheEnd_cannotBeRead() throws Exception {
        Path cut = BrokenVideos.truncated(episode(), 0.6, tmp.resolve("cut.mp4"));
        assertThatThrownBy(() -> VideoDecoder.open(cut)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
    }

    @Test
    void frames_truncatedFastStartMp4_yieldEveryDecodableFrameThenFail() throws Exception {
        Path whole = BrokenVideos.fastStart(episode(), tmp.resolve("faststart.mp4"));
        try (VideoDecoder decoder = VideoDecoder.open(whole)) {
            assertThat(decoder.info().frameCount()).as("the rearranged copy is intact").isEqualTo(FRAMES);
        }
        Path cut = BrokenVideos.truncated(whole, 0.6, tmp.resolve("faststart-cut.mp4"));
        try (VideoDecoder decoder = VideoDecoder.open(cut)) {
            int counted = decoder.info().frameCount();
            assertThat(counted).isBetween(500, 700);
            Iterator<VideoFrame> frames = decoder.frames(25, 0);
            List<Integer> seen = new ArrayList<>();
            assertThatThrownBy(() -> frames.forEachRemaining(f -> seen.add(f.index())))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(cut.toString())
                    .hasMessageContaining("truncated")
                    .hasMessageContaining("decoded " + counted + " frames")
                    .hasMessageContaining("expected about " + FRAMES);
            assertThat(seen).hasSize(counted).startsWith(0, 1, 2).endsWith(counted - 1);
            assertThat(frames.hasNext()).isFalse();
        }
    }

    @Test
    void open_pathOnAnotherFileSystem_isRejected() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path inMemory = Files.write(fs.getPath("/episode.mp4"), new byte[] {1, 2, 3});
            assertThatThrownBy(() -> VideoDecoder.open(inMemory)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("/episode.mp4").hasMessageContaining("default file system");
        }
    }
}
