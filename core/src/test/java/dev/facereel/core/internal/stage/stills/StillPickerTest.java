package dev.facereel.core.internal.stage.stills;

import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.core.internal.opencv.ImageMats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Image;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

class StillPickerTest {
    private static final BoundingBox BOX = new BoundingBox(40, 30, 120, 130);
    private final StillPicker picker = new StillPicker();

    /** A 160x160 frame of random texture: plenty of edges. */
    private static Image texture() {
        byte[] bgr = new byte[160 * 160 * 3];
        new Random(3).nextBytes(bgr);
        return Image.ofBgr(160, 160, bgr);
    }

    private static Image blurred(Image image) {
        try (Mat mat = ImageMats.toMat(image); Mat out = new Mat(); Size kernel = new Size(9, 9)) {
            GaussianBlur(mat, out, kernel, 3);
            return ImageMats.toImage(out);
        }
    }

    private static FaceRecord face(int frame, BoundingBox box, float score) {
        return new FaceRecord(frame, frame / 25.0, box, score, null, new float[] {1, 0});
    }

    @Test
    void score_sharpCrop_beatsABlurredCopyOfItself() {
        Image sharp = texture();
        FaceRecord face = face(0, BOX, 0.9f);

        assertThat(picker.score(sharp, face)).isGreaterThan(10 * picker.score(blurred(sharp), face));
    }

    @Test
    void pick_choosesTheSharpFrame_evenWhenItsDetectorScoreIsLower() {
        Image sharp = texture();
        Map<Integer, Image> frames = Map.of(0, blurred(sharp), 5, sharp, 10, blurred(sharp));
        Track track = new Track("t0001", 0, List.of(face(0, BOX, 0.99f), face(5, BOX, 0.7f), face(10, BOX, 0.99f)));

        assertThat(picker.pick(track, frames::get).frame()).isEqualTo(5);
    }

    @Test
    void score_boxOutsideTheFrame_isZero() {
        FaceRecord outside = face(0, new BoundingBox(500, 500, 600, 600), 0.9f);

        assertThat(picker.score(texture(), outside)).isZero();
    }

    @Test
    void cropJpeg_addsTheMargin_andRejectsABoxOutsideTheFrame() {
        byte[] jpeg = picker.cropJpeg(texture(), BOX);

        assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8);
        try (Mat encoded = new Mat(1, jpeg.length, CV_8UC1)) {
            encoded.data().put(jpeg);
            try (Mat decoded = imdecode(encoded, IMREAD_COLOR)) {
                // An 80x100 box plus 25% on each side: 120x150, all inside the 160x160 frame.
                assertThat(decoded.cols()).isEqualTo(120);
                assertThat(decoded.rows()).isEqualTo(150);
            }
        }
        assertThatThrownBy(() -> picker.cropJpeg(texture(), new BoundingBox(300, 300, 310, 310)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }

    @Test
    void openCvImages_roundTrip_keepsPixelsAndHonoursStride() {
        byte[] padded = new byte[2 * 8];
        for (int i = 0; i < padded.length; i++) {
            padded[i] = (byte) i;
        }
        Image strided = new Image(2, 2, 8, padded);

        try (Mat mat = ImageMats.toMat(strided)) {
            assertThat(ImageMats.toImage(mat).bgr()).containsExactly(0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13);
        }
    }
}
