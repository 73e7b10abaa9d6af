package dev.facereel.core.internal.opencv;

import dev.facereel.core.testing.TestImages;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.EmbedderContractTest;

class OpenCvLbpEmbedderContractTest extends EmbedderContractTest {
    @Override
    protected Embedder createEmbedder() {
        return new OpenCvLbpProvider().create(ProviderConfig.empty());
    }

    @Override
    protected Image image() {
        return TestImages.face("obama.jpg");
    }

    /** Obama's face in obama.jpg as the opencv-haar detector reports it. */
    @Override
    protected Face face() {
        return new Face(new BoundingBox(340, 93, 640, 393), 0.98f);
    }
}
