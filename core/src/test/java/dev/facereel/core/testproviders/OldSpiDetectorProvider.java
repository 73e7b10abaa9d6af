package dev.facereel.core.testproviders;

import dev.facereel.spi.Detector;
import dev.facereel.spi.DetectorProvider;
import dev.facereel.spi.FaceReelSpi;
import dev.facereel.spi.ProviderConfig;

/** A provider compiled against an older SPI. */
public final class OldSpiDetectorProvider implements DetectorProvider {
    @Override
    public String name() {
        return "old-spi";
    }

    @Override
    public int spiVersion() {
        return FaceReelSpi.VERSION - 1;
    }

    @Override
    public Detector create(ProviderConfig config) {
        throw new UnsupportedOperationException();
    }
}
