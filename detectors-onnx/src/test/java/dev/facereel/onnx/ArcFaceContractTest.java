package dev.facereel.onnx;

import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.testing.EmbedderContractTest;
import dev.facereel.spi.testing.SharedAssets;
import org.junit.jupiter.api.BeforeAll;

class ArcFaceContractTest extends EmbedderContractTest {
    private static Image image;
    private static Face face;

    @BeforeAll
    static void detectFace() {
        image = TestImages.load(SharedAssets.face("obama.jpg"));
        try (Detector detector = Models.scrfd()) {
            face = detector.detect(image).get(0);
        }
    }

    @Override
    protected Embedder createEmbedder() {
        return Models.arcface(Models.config(Models.MOBILEFACENET));
    }

    @Override
    protected Image image() {
        return image;
    }

    @Override
    protected Face face() {
        return face;
    }
}
