package dev.facereel.core.internal.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeResults;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.opencv.ImageMats;
import dev.facereel.core.internal.stage.detect.ShotCutDetector;
import dev.facereel.core.testing.EpisodeTruth;
import dev.facereel.core.testing.Ffmpeg;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files people have, each made at test time from {@code episode_synth.mp4} with ffmpeg (the one JavaCV ships,
 * or the system's when it has x264): other containers, 1080p with B-frames, a variable frame rate, a rotated phone
 * video, audio as the first stream, interlaced video. Each must give the right frame count, times and shots (the
 * episode's hard cuts, from its truth file).
 */
class VideoFormatsTest {
    private static final double FPS = 25;
    private static final double SAMPLE_FPS = 5;
    /** The 8-second cut used by the re-encoded clips: episode frames [75, 275), cuts at 100, 125 and 225. */
    private static final int CUT_FIRST = 75;
    private static final int CUT_FRAMES = 200;

    @TempDir
    static Path clips;

    private static List<Integer> episodeCuts;

    @BeforeAll
    static void truth() throws IOException {
        episodeCuts = new ArrayList<>();
        for (EpisodeTruth.Shot shot : new EpisodeTruth(SharedAssets.media("episode_synth.truth.json")).shots()) {
            if (shot.first() > 0) {
                episodeCuts.add(shot.first());
            }
        }
    }

    private static Path episode() {
        return SharedAssets.media("episode_synth.mp4");
    }

    /** The episode's cuts that fall in {@code [first, first + count)}, renumbered from {@code first}. */
    private static List<Integer> cutsIn(int first, int count) {
        return episodeCuts.stream().filter(c -> c > first && c < first + count).map(c -> c - first).toList();
    }

    /** The frames sampled at 5 per second, their times checked against {@code frameOfTime}, and the shot cuts found. */
    private static List<Integer> sampledCuts(Path video, int analysisSide) {
        List<Integer> cuts = new ArrayList<>();
        try (VideoDecoder decoder = VideoDecoder.open(video)) {
            ShotCutDetector shots = new ShotCutDetector();
            int previous = 0;
            var frames = decoder.frames(SAMPLE_FPS, 0, analysisSide);
            while (frames.hasNext()) {
                VideoFrame f = frames.next();
                int shot = shots.next(f.analysisImage());
                if (shot != previous) {
                    cuts.add(f.index());
                    previous = shot;
                }
            }
        }
        return cuts;
    }

    /** Count, size, rate, constant-rate times and shot cuts of a clip of {@code count} episode frames. */
    private static void assertConstantRateClip(Path clip, int width, int height, int count, List<Integer> cuts) {
        try (VideoDecoder decoder = VideoDecoder.open(clip)) {
            assertThat(decoder.info()).isEqualTo(new VideoInfo(width, height, FPS, count));
            assertThat(decoder.times().fromTimestamps()).isTrue();
            List<Integer> sampled = new ArrayList<>();
            decoder.frames(SAMPLE_FPS, 0).forEachRemaining(f -> {
                sampled.add(f.index());
                assertThat(f.timeSeconds()).as("time of frame %d", f.index()).isCloseTo(f.index() / FPS, within(1e-9));
            });
            assertThat(sampled).hasSize((count + 4) / 5).allMatch(i -> i % 5 == 0);
        }
        assertThat(sampledCuts(clip, 0)).as("shot cuts of %s", clip.getFileName()).isEqualTo(cuts);
    }

    /** Seeking to each start gives the frame sequential decoding gives, and so does the frame after it. */
    private static void assertSeeksMatchSequentialDecoding(Path clip, int... starts) {
        Map<Integer, Image> sequential = new HashMap<>();
        try (VideoDecoder decoder = VideoDecoder.open(clip)) {
            decoder.frames(FPS, 0).forEachRemaining(f -> {
                for (int start : starts) {
                    if (f.index() == start || f.index() == start + 1) {
                        sequential.put(f.index(), f.image());
                    }
                }
            });
        }
        try (VideoDecoder decoder = VideoDecoder.open(clip)) {
            for (int start : starts) {
                var frames = decoder.frames(FPS, start);
                for (int i = start; i <= start + 1 && frames.hasNext(); i++) {
                    VideoFrame f = frames.next();
                    assertThat(f.index()).isEqualTo(i);
                    assertThat(f.image()).as("%s frame %d after a seek to %d", clip.getFileName(), i, start)
                            .isEqualTo(sequential.get(i));
                }
            }
        }
    }

    @Test
    void mkvMovAndMpegTs_ofTheEpisode_giveItsFramesTimesAndShots() throws IOException {
        Ffmpeg ffmpeg = Ffmpeg.bundled();
        for (String ext : List.of("mkv", "mov", "ts")) {
            Path clip = clips.resolve("episode." + ext);
            ffmpeg.run("-i", episode().toString(), "-c", "copy", clip.toString());
            assertConstantRateClip(clip, 640, 360, 1050, cutsIn(0, 1050));
        }
        // MPEG-TS has no index: seeking searches the stream for timestamps and may land between keyframes
        assertSeeksMatchSequentialDecoding(clips.resolve("episode.ts"), 500, 137, 1048, 3);
    }

    @Test
    void audioAsTheFirstStream_isSkippedForTheVideo() throws IOException {
        Path clip = clips.resolve("audio-first.mkv");
        Ffmpeg.bundled().run("-f", "lavfi", "-i", "sine=frequency=440:duration=42", "-i", episode().toString(),
                "-map", "0:a", "-map", "1:v", "-c:v", "copy", "-c:a", "aac", clip.toString());
        assertConstantRateClip(clip, 640, 360, 1050, cutsIn(0, 1050));
    }

    @Test
    void audioOnly_isRejectedNamingTheMissingVideoStream() throws IOException {
        Path clip = clips.resolve("audio-only.m4a");
        Ffmpeg.bundled().run("-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "aac", clip.toString());
        assertThatThrownBy(() -> VideoDecoder.open(clip)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(clip.toString()).hasMessageContaining("no video stream");
    }

    @Test
    void hd1080WithBFrames_decodesOnTwoThreadsScalesForAnalysisAndSeeksToTheSamePixels() throws IOException {
        Ffmpeg ffmpeg = Ffmpeg.withX264IfPresent();
        Path clip = clips.resolve("hd1080.mp4");
        List<String> codec = ffmpeg.hasX264()
                ? List.of("-c:v", "libx264", "-preset", "veryfast", "-bf", "3") // B-pyramid: some B-frames are references
                : List.of("-c:v", "mpeg4", "-q:v", "4", "-bf", "2");
        List<String> args = new ArrayList<>(List.of("-i", episode().toString(), "-vf",
                "trim=start_frame=" + CUT_FIRST + ":end_frame=" + (CUT_FIRST + CUT_FRAMES)
                        + ",setpts=PTS-STARTPTS,scale=1920:1080"));
        args.addAll(codec);
        args.add(clip.toString());
        ffmpeg.run(args.toArray(String[]::new));

        assertConstantRateClip(clip, 1920, 1080, CUT_FRAMES, cutsIn(CUT_FIRST, CUT_FRAMES));
        assertThat(sampledCuts(clip, 640)).as("cuts found on the 640x360 analysis copy")
                .isEqualTo(cutsIn(CUT_FIRST, CUT_FRAMES));
        Map<Integer, Image> full = new HashMap<>();
        try (VideoDecoder decoder = VideoDecoder.open(clip)) {
            assertThat(decoder.threads()).isEqualTo(Math.min(2, Runtime.getRuntime().availableProcessors()));
            decoder.frames(FPS, 0).forEachRemaining(f -> full.put(f.index(), f.image()));
            assertThat(decoder.framesDecoded()).isEqualTo(CUT_FRAMES);
        }
        try (VideoDecoder decoder = VideoDecoder.open(clip)) {
            var sampled = decoder.frames(SAMPLE_FPS, 0, 640);
            VideoFrame first = sampled.next();
            assertThat(first.analysisImage().width()).isEqualTo(640);
            assertThat(first.analysisImage().height()).isEqualTo(360);
            sampled.forEachRemaining(f -> assertThat(f.image()).as("frame %d sampled", f.index())
                    .isEqualTo(full.get(f.index())));
            assertThat(decoder.framesDecoded()).as("frames decoded for 40 samples of 200").isLessThan(CUT_FRAMES);
            for (int start : new int[] {137, 51, 199, 3}) {
                VideoFrame f = decoder.frames(FPS, start).next();
                assertThat(f.index()).isEqualTo(start);
                assertThat(f.image()).as("frame %d after a seek", start).isEqualTo(full.get(start));
            }
            VideoFrame resumed = decoder.frames(SAMPLE_FPS, 101).next();
            assertThat(resumed.index()).isEqualTo(105);
            assertThat(resumed.image()).isEqualTo(full.get(105));
        }
    }

    @Test
    void variableFrameRate_timesComeFromTimestampsAndSamplingFollowsThem() throws IOException {
        // Episode frames 0..99 at 25 fps, then every other frame (12.5 fps) to frame 224.
        Path clip = clips.resolve("vfr.mp4");
        Ffmpeg.bundled().run("-i", episode().toString(), "-vf", "select='lt(n\\,100)+not(mod(n\\,2))'",
                "-fps_mode", "vfr", "-t", "9", "-c:v", "mpeg4", "-q:v", "3", clip.toString());
        List<Integer> source = new ArrayList<>();
        for (int n = 0; n < 225; n++) {
            if (n < 100 || n % 2 == 0) {
                source.add(n);
            }
        }
        try (VideoDecoder decoder = VideoDecoder.open(clip)) {
            assertThat(decoder.info().frameCount()).isEqualTo(source.size());
            assertThat(decoder.times().fromTimestamps()).isTrue();
            for (int i = 0; i < source.size(); i++) {
                assertThat(decoder.times().seconds(i)).as("time of frame %d", i).isCloseTo(source.get(i) / FPS,
                        within(1e-9));
            }
            List<Integer> sampledSource = new ArrayList<>();
            decoder.frames(SAMPLE_FPS, 0).forEachRemaining(f -> {
                int n = (int) Math.round(f.timeSeconds() * FPS);
                assertThat(f.timeSeconds()).isEqualTo(decoder.times().seconds(f.index()));
                sampledSource.add(n);
            });
            // the first frame at or after each 0.2 s: 0, 5, ... 95, 100, 106, 110, 116, ... 220
            List<Integer> expected = new ArrayList<>();
            for (int k = 0; 5 * k < 225; k++) {
                int n = 5 * k;
                expected.add(n < 100 || n % 2 == 0 ? n : n + 1);
            }
            assertThat(sampledSource).isEqualTo(expected);
        }
        IntUnaryOperator sourceOf = source::get;
        assertThat(sampledCuts(clip, 0).stream().map(sourceOf::applyAsInt).toList())
                .as("cuts, as episode frames: the one at 125 is first seen at 126").containsExactly(100, 126);
    }

    @Test
    void variableFrameRate_screenTimeFollowsTheFrameTimes(@TempDir Path root) throws Exception {
        Path clip = clips.resolve("vfr-screen.mp4");
        Ffmpeg.bundled().run("-i", episode().toString(), "-vf", "select='lt(n\\,100)+not(mod(n\\,2))'",
                "-fps_mode", "vfr", "-t", "9", "-c:v", "mpeg4", "-q:v", "3", clip.toString());
        try (FacePipeline pipeline = FacePipeline.builder().dataRoot(root).sampleFps(SAMPLE_FPS).build()) {
            pipeline.submit(new Episode("vfr_s01_e01", clip), Stage.CLUSTER).await();
            EpisodeResults results = pipeline.results("vfr_s01_e01").orElseThrow();
            // Biden's shot runs from 5 s to 9 s at 12.5 fps: his track spans nearly 4 s (about 2.5 s if its frames
            // were timed by their index at the mean rate), and the identity holding it gets at least that.
            EpisodeResults.Identity holder = null;
            double longest = 0;
            for (EpisodeResults.Identity person : results.identities()) {
                for (EpisodeResults.Track track : person.tracks()) {
                    List<EpisodeResults.Sighting> faces = track.faces();
                    double span = faces.get(faces.size() - 1).timeSeconds() - faces.get(0).timeSeconds();
                    if (track.shot() == 2 && span > longest) {
                        longest = span;
                        holder = person;
                    }
                }
            }
            assertThat(longest).as("Biden's track in %s", results.identities()).isBetween(3.4, 4.0);
            assertThat(holder.screenTimeSeconds()).isGreaterThanOrEqualTo(longest + 0.2 - 1e-6);
        }
    }

    @Test
    void rotatedPhoneVideo_comesOutUpright() throws IOException {
        Path clip = clips.resolve("rotated.mp4");
        // Shown turned 90 degrees counter-clockwise, as a display matrix (what a phone writes).
        Ffmpeg.bundled().run("-display_rotation", "90", "-i", episode().toString(), "-c", "copy", clip.toString());
        Map<Integer, Image> plain = new HashMap<>();
        try (VideoDecoder decoder = VideoDecoder.open(episode())) {
            decoder.frames(SAMPLE_FPS, 0).forEachRemaining(f -> {
                if (f.index() % 100 == 0) {
                    plain.put(f.index(), f.image());
                }
            });
        }
        try (VideoDecoder decoder = VideoDecoder.open(clip)) {
            assertThat(decoder.rotation()).isEqualTo(270);
            assertThat(decoder.info()).isEqualTo(new VideoInfo(360, 640, FPS, 1050));
            decoder.frames(SAMPLE_FPS, 0, 320).forEachRemaining(f -> {
                assertThat(f.image().width()).isEqualTo(360);
                assertThat(f.analysisImage().width()).isEqualTo(180);
                assertThat(f.analysisImage().height()).isEqualTo(320);
                if (plain.containsKey(f.index())) {
                    try (Mat original = ImageMats.toMat(plain.get(f.index())); Mat turned = new Mat()) {
                        rotate(original, turned, ROTATE_90_COUNTERCLOCKWISE);
                        assertThat(f.image()).as("frame %d turned upright", f.index())
                                .isEqualTo(ImageMats.toImage(turned));
                    }
                }
            });
        }
        assertThat(sampledCuts(clip, 0)).isEqualTo(cutsIn(0, 1050));
    }

    @Test
    void interlacedMpeg2InMpegTs_decodesWovenFramesWithTheirTimesAndShots() throws IOException {
        Path clip = clips.resolve("interlaced.ts");
        Ffmpeg.bundled().run("-i", episode().toString(), "-vf", "trim=start_frame=" + CUT_FIRST + ":end_frame="
                        + (CUT_FIRST + CUT_FRAMES) + ",setpts=PTS-STARTPTS", "-r", "25", "-c:v", "mpeg2video",
                "-q:v", "3", "-bf", "2", "-flags", "+ildct+ilme", "-top", "1", clip.toString());
        assertConstantRateClip(clip, 640, 360, CUT_FRAMES, cutsIn(CUT_FIRST, CUT_FRAMES));
        assertSeeksMatchSequentialDecoding(clip, 101, 37, 198, 2);
    }
}
