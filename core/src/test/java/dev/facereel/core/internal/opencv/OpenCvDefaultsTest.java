package dev.facereel.core.internal.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.testing.TestImages;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.Landmarks;
import dev.facereel.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenCvDefaultsTest {
    @Test
    void haar_unknownOption_isRejectedNamingTheKnownOnes() {
        assertThatThrownBy(() -> HaarDetector.open(ProviderConfig.empty().with("min_neighbours", "3")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("min_neighbours").hasMessageContaining("min_neighbors");
    }

    @Test
    void haar_scaleNotAboveOne_isRejected() {
        assertThatThrownBy(() -> HaarDetector.open(ProviderConfig.empty().with("scale", "1.0")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("scale");
    }

    @Test
    void haar_modelFile_isRejected() {
        assertThatThrownBy(() -> HaarDetector.open(ProviderConfig.ofModel(Path.of("x.onnx"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs no model file");
    }

    @Test
    void haar_modelId_namesCascadeAndOptions() {
        try (HaarDetector detector = HaarDetector.open(ProviderConfig.empty().with("min_size", "40"))) {
            assertThat(detector.modelId()).contains("haarcascade_frontalface_default", "scale=1.1",
                    "min_neighbors=5", "min_size=40");
        }
    }

    @Test
    void haar_twoPeople_findsBothFacesWithoutLandmarks() {
        try (HaarDetector detector = HaarDetector.open(ProviderConfig.empty())) {
            List<Face> faces = detector.detect(TestImages.face("two_people.jpg"));
            assertThat(faces).hasSizeGreaterThanOrEqualTo(2);
            assertThat(faces).allSatisfy(f -> assertThat(f.landmarks()).isNull());
            assertThat(faces.get(1).score()).isGreaterThan(0.9f);
        }
    }

    @Test
    void lbp_uniformPatterns_fill58BinsPlusOne() {
        try (LbpEmbedder embedder = LbpEmbedder.open(ProviderConfig.empty().with("grid", "1"))) {
            byte[] face = new byte[LbpEmbedder.FACE_SIZE * LbpEmbedder.FACE_SIZE];
            new java.util.Random(7).nextBytes(face);
            float[] v = embedder.describe(face);
            assertThat(v).hasSize(LbpEmbedder.BINS);
            assertThat(v[LbpEmbedder.BINS - 1]).as("random noise is mostly non-uniform").isGreaterThan(0.5f);
        }
    }

    @Test
    void lbp_grid_setsDimensionAndModelId() {
        try (LbpEmbedder embedder = LbpEmbedder.open(ProviderConfig.empty().with("grid", "8"))) {
            assertThat(embedder.dimension()).isEqualTo(8 * 8 * 59);
            assertThat(embedder.modelId()).contains("grid=8x8");
        }
    }

    @Test
    void lbp_gridOutOfRange_isRejected() {
        assertThatThrownBy(() -> LbpEmbedder.open(ProviderConfig.empty().with("grid", "0")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'grid'");
    }

    @Test
    void lbp_fiveLandmarks_alignToTheTemplate() {
        Image photo = TestImages.face("obama.jpg");
        Face boxOnly = new Face(new BoundingBox(340, 93, 640, 393), 0.9f);
        // Eyes, nose and mouth corners placed where the template puts them inside the box's 112px square.
        float k = 300f / 112f;
        float[] template = {38.2946f, 51.6963f, 73.5318f, 51.5014f, 56.0252f, 71.7366f, 41.5493f, 92.3655f,
            70.7299f, 92.2041f};
        float[] xy = new float[10];
        for (int i = 0; i < 10; i += 2) {
            xy[i] = 340 + template[i] * k;
            xy[i + 1] = 93 + template[i + 1] * k;
        }
        Face withLandmarks = new Face(boxOnly.box(), 0.9f, Landmarks.of(xy));
        byte[] cropped = LbpEmbedder.greyFace(photo, boxOnly);
        byte[] aligned = LbpEmbedder.greyFace(photo, withLandmarks);
        int maxDiff = 0;
        for (int i = 0; i < cropped.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((cropped[i] & 0xff) - (aligned[i] & 0xff)));
        }
        assertThat(maxDiff).as("landmarks consistent with the box give the same patch").isLessThanOrEqualTo(2);
    }
}
