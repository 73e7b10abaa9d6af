package dev.facereel.onnx;

import dev.facereel.spi.Detector;
import dev.facereel.spi.Image;
import dev.facereel.spi.testing.DetectorContractTest;
import dev.facereel.spi.testing.SharedAssets;

class UltraFaceContractTest extends DetectorContractTest {
    @Override
    protected Detector createDetector() {
        return Models.ultraface();
    }

    @Override
    protected Image imageWithFace() {
        return TestImages.load(SharedAssets.face("obama.jpg"));
    }
}
