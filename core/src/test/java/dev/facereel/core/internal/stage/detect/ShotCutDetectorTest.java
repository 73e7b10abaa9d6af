package dev.facereel.core.internal.stage.detect;

import dev.facereel.core.internal.opencv.ImageMats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.spi.Image;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ObjIntConsumer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.junit.jupiter.api.Test;

class ShotCutDetectorTest {
    private static final int STEP = 5;

    @Test
    void next_onSyntheticEpisode_findsEveryCutAndNothingElse() throws IOException {
        List<Integer> expected = new ArrayList<>();
        List<Integer> actual = new ArrayList<>();
        List<Integer> cutStarts = truthCutStarts();
        ShotCutDetector detector = new ShotCutDetector();

        forEachSampledFrame((image, frame) -> {
            expected.add((int) cutStarts.stream().filter(start -> start <= frame).count());
            actual.add(detector.next(image));
        });

        assertThat(actual).hasSize(1050 / STEP);
        assertThat(actual.get(actual.size() - 1)).isEqualTo(12);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void resume_fromPersistedState_numbersShotsLikeAnUninterruptedRun() {
        ShotCutDetector uninterrupted = new ShotCutDetector();
        ShotCutDetector[] resumed = {new ShotCutDetector()};
        List<Integer> expected = new ArrayList<>();
        List<Integer> actual = new ArrayList<>();

        forEachSampledFrame((image, frame) -> {
            expected.add(uninterrupted.next(image));
            actual.add(resumed[0].next(image));
            if (frame % (7 * STEP) == 0) {
                resumed[0] = ShotCutDetector.resume(resumed[0].shot(), resumed[0].lastSignature(),
                        ShotCutDetector.DEFAULT_THRESHOLD);
            }
        });

        assertThat(actual).isEqualTo(expected);
        assertThat(expected).contains(12);
    }

    @Test
    void next_flatFramesThenADifferentScene_cutsOnceAndResumesAcrossIt() {
        Image dark = flat(64, 36, 40);
        Image darkish = flat(64, 36, 42);
        Image bright = flat(64, 36, 200);
        ShotCutDetector detector = new ShotCutDetector();

        assertThat(detector.shot()).isEqualTo(-1);
        assertThat(detector.lastSignature()).isNull();
        assertThat(List.of(detector.next(dark), detector.next(darkish))).containsExactly(0, 0);

        ShotCutDetector resumed = ShotCutDetector.resume(detector.shot(), detector.lastSignature(), 10.0);
        assertThat(List.of(resumed.next(bright), resumed.next(bright), resumed.next(dark))).containsExactly(1, 1, 2);
    }

    @Test
    void resume_withBadState_isRejected() {
        assertThatThrownBy(() -> ShotCutDetector.resume(0, new float[3], 10.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("144 values, got 3");
        assertThatThrownBy(() -> ShotCutDetector.resume(-1, new float[144], 10.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shot index");
        assertThatThrownBy(() -> new ShotCutDetector(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
    }

    private static Image flat(int width, int height, int grey) {
        byte[] bgr = new byte[width * height * 3];
        Arrays.fill(bgr, (byte) grey);
        return Image.ofBgr(width, height, bgr);
    }

    /** The first frames of every truth shot after the first. */
    private static List<Integer> truthCutStarts() throws IOException {
        JsonNode truth = new ObjectMapper().readTree(SharedAssets.media("episode_synth.truth.json").toFile());
        List<Integer> starts = new ArrayList<>();
        JsonNode shots = truth.get("shots");
        for (int i = 1; i < shots.size(); i++) {
            starts.add(shots.get(i).get("first_frame").asInt());
        }
        assertThat(starts).hasSize(12);
        return starts;
    }

    /** Decodes the episode in order, numbering frames from 0, and hands over every {@value #STEP}th. */
    private static void forEachSampledFrame(ObjIntConsumer<Image> consumer) {
        Path video = SharedAssets.media("episode_synth.mp4");
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toString());
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            grabber.setOption("threads", "1");
            grabber.start();
            int frame = 0;
            for (Frame f = grabber.grabImage(); f != null; f = grabber.grabImage(), frame++) {
                if (frame % STEP == 0) {
                    consumer.accept(ImageMats.toImage(converter.convert(f)), frame);
                }
            }
        } catch (FrameGrabber.Exception e) {
            throw new IllegalStateException("cannot decode " + video, e);
        }
    }
}
