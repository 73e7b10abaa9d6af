package dev.facereel.spi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Detector} must show. Extend it once per provider. */
public abstract class DetectorContractTest {
    protected Detector detector;

    /** A fresh detector, ready to use. */
    protected abstract Detector createDetector();

    /** An image that shows at least one face this detector finds. */
    protected abstract Image imageWithFace();

    @BeforeEach
    void open() {
        detector = createDetector();
    }

    @AfterEach
    void closeDetector() {
        if (detector != null) {
            detector.close();
        }
    }

    @Test
    void detect_imageWithFace_findsFacesInsideImageBounds() {
        Image image = imageWithFace();
        List<Face> faces = detector.detect(image);
        assertThat(faces).isNotEmpty();
        for (Face face : faces) {
            assertThat(face.box().x1()).isBetween(0f, (float) image.width());
            assertThat(face.box().x2()).isBetween(0f, (float) image.width());
            assertThat(face.box().y1()).isBetween(0f, (float) image.height());
            assertThat(face.box().y2()).isBetween(0f, (float) image.height());
            assertThat(face.box().area()).isPositive();
            assertThat(face.score()).isBetween(0f, 1f);
        }
    }

    @Test
    void detect_sameImageTwice_givesSameFaces() {
        Image image = imageWithFace();
        assertThat(detector.detect(image)).isEqualTo(detector.detect(image));
    }

    @Test
    void detect_blankImage_findsNoFace() {
        assertThat(detector.detect(Image.blank(640, 360))).isEmpty();
    }

    @Test
    void detect_facesAreSortedByScore() {
        List<Face> faces = detector.detect(imageWithFace());
        for (int i = 1; i < faces.size(); i++) {
            assertThat(faces.get(i).score()).isLessThanOrEqualTo(faces.get(i - 1).score());
        }
    }

    @Test
    void detect_fromOtherThreads_concurrentlyWhenThreadSafe_givesTheSequentialFaces() throws Exception {
        Image face = imageWithFace();
        Image blank = Image.blank(640, 360);
        List<Face> expectedFace = detector.detect(face);
        List<Face> expectedBlank = detector.detect(blank);
        Callable<Boolean> faceCall = () -> detector.detect(face).equals(expectedFace);
        Callable<Boolean> blankCall = () -> detector.detect(blank).equals(expectedBlank);
        Concurrently.check(detector.isThreadSafe(), faceCall, blankCall);
    }

    @Test
    void modelId_isStableAndNonEmpty() {
        assertThat(detector.modelId()).isNotBlank().isEqualTo(detector.modelId());
    }

    @Test
    void close_calledTwice_isHarmless() {
        Detector other = createDetector();
        other.close();
        assertThatCode(other::close).doesNotThrowAnyException();
    }
}
