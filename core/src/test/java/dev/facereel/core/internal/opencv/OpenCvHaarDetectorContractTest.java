package dev.facereel.core.internal.opencv;

import dev.facereel.core.testing.TestImages;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Image;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.DetectorContractTest;

class OpenCvHaarDetectorContractTest extends DetectorContractTest {
    @Override
    protected Detector createDetector() {
        return new OpenCvHaarProvider().create(ProviderConfig.empty());
    }

    @Override
    protected Image imageWithFace() {
        return TestImages.face("obama.jpg");
    }
}
