package dev.facereel.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArcFaceEmbedderTest {
    private static Image image;
    private static Face face;

    @BeforeAll
    static void detectFace() {
        image = TestImages.load(SharedAssets.face("biden.jpg"));
        try (Detector detector = Models.scrfd()) {
            face = detector.detect(image).get(0);
        }
    }

    @Test
    void embed_faceWithoutLandmarks_fallsBackToTheSquareCrop() {
        Face boxOnly = new Face(face.box(), face.score());
        assertThat(embed(Models.config(Models.MOBILEFACENET), boxOnly))
                .containsExactly(embed(Models.config(Models.MOBILEFACENET).with("align", "false"), face));
    }

    @Test
    void embed_alignedAndCropped_differButStaySimilar() {
        float[] aligned = embed(Models.config(Models.MOBILEFACENET), face);
        float[] cropped = embed(Models.config(Models.MOBILEFACENET).with("align", "false"), face);
        assertThat(aligned).isNotEqualTo(cropped);
        assertThat(Vectors.dot(aligned, cropped)).isGreaterThan(0.3);
    }

    @Test
    void embed_channelOrderOption_changesTheInput() {
        assertThat(embed(Models.config(Models.MOBILEFACENET).with("channels", "bgr"), face))
                .isNotEqualTo(embed(Models.config(Models.MOBILEFACENET), face));
    }

    @Test
    void embed_faceReachingOutOfTheImage_isPaddedNotRejected() {
        Face edge = new Face(new BoundingBox(0, 0, 40, 60), 0.9f);
        float[] v = embed(Models.config(Models.MOBILEFACENET), edge);
        assertThat(Vectors.dot(v, v)).isCloseTo(1.0, offset(1e-3));
    }

    private static float[] embed(ProviderConfig config, Face f) {
        try (Embedder embedder = Models.arcface(config)) {
            return embedder.embed(image, f);
        }
    }
}
