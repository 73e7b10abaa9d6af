package dev.facereel.onnx;

import dev.facereel.spi.Detector;
import dev.facereel.spi.Image;
import dev.facereel.spi.testing.DetectorContractTest;
import dev.facereel.spi.testing.SharedAssets;
import org.junit.jupiter.api.Nested;

class YunetContractTest {
    @Nested
    class Nano extends DetectorContractTest {
        @Override
        protected Detector createDetector() {
            return Models.yunet(Models.YUNET_N);
        }

        @Override
        protected Image imageWithFace() {
            return TestImages.load(SharedAssets.face("obama_and_biden.jpg"));
        }
    }

    @Nested
    class Small extends DetectorContractTest {
        @Override
        protected Detector createDetector() {
            return Models.yunet(Models.YUNET_S);
        }

        @Override
        protected Image imageWithFace() {
            return TestImages.load(SharedAssets.face("obama_and_biden.jpg"));
        }
    }
}
