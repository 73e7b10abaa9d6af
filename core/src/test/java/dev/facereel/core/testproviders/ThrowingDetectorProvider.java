package dev.facereel.core.testproviders;

import dev.facereel.spi.Detector;
import dev.facereel.spi.DetectorProvider;
import dev.facereel.spi.FaceReelSpi;
import dev.facereel.spi.ProviderConfig;

/** A provider whose constructor fails, as one with a missing native library would. */
public final class ThrowingDetectorProvider implements DetectorProvider {
    public ThrowingDetectorProvider() {
        throw new IllegalStateException("native library not found");
    }

    @Override
    public String name() {
        return "throwing";
    }

    @Override
    public int spiVersion() {
        return FaceReelSpi.VERSION;
    }

    @Override
    public Detector create(ProviderConfig config) {
        throw new UnsupportedOperationException();
    }
}
