package dev.facereel.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.onnx.Photos.LabelledFace;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Image;
import dev.facereel.spi.testing.SharedAssets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScrfdDetectorTest {
    private static Detector detector;

    @BeforeAll
    static void open() {
        detector = Models.scrfd();
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void detect_everyLabelledPhoto_findsEachLabelledFace() {
        List<LabelledFace> faces = Photos.labelledFaces(detector);
        assertThat(faces).hasSize(Photos.truth().values().stream().mapToInt(List::size).sum());
        for (LabelledFace f : faces) {
            assertThat(f.face()).as("%s in %s", f.identity(), f.photo()).isNotNull();
            assertThat(f.face().score()).isGreaterThanOrEqualTo(0.5f);
            assertThat(f.face().landmarks()).as("landmarks of %s", f.photo()).isNotNull();
        }
    }

    @Test
    void detect_landmarks_followTheArcFaceOrderInsideTheBox() {
        DetectorAssertions.assertArcFaceOrderInsideTheBox(
                detector.detect(TestImages.load(SharedAssets.face("obama.jpg"))).get(0));
    }

    @Test
    void detect_blankImage_findsNoFace() {
        assertThat(detector.detect(Image.blank(640, 360))).isEmpty();
    }

    @Test
    void detect_randomNoise_findsNoFace() {
        assertThat(detector.detect(TestImages.noise(640, 360, 42L))).isEmpty();
    }

    @Test
    void detect_frameResizedTo16by9_findsTheFaceWhereItIs() {
        DetectorAssertions.assertFindsTheFaceWhereItIsIn16by9(detector);
    }

    @Test
    void detect_differentFramesOfOneSize_doNotSeeEachOther() {
        Image face = TestImages.load(SharedAssets.face("obama.jpg"), 640, 360);
        assertThat(detector.detect(face)).isNotEmpty();
        assertThat(detector.detect(Image.blank(640, 360))).isEmpty();
        assertThat(detector.detect(face)).isNotEmpty();
    }

    @Test
    void detect_tinyAndExtremeFrames_findNothingWithoutFailing() {
        assertThat(detector.detect(Image.blank(1, 1))).isEmpty();
        assertThat(detector.detect(Image.blank(3000, 2))).isEmpty();
        assertThat(detector.detect(Image.blank(2, 3000))).isEmpty();
    }
}
