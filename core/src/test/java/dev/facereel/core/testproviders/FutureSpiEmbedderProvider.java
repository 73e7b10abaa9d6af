package dev.facereel.core.testproviders;

import dev.facereel.spi.Embedder;
import dev.facereel.spi.EmbedderProvider;
import dev.facereel.spi.FaceReelSpi;
import dev.facereel.spi.ProviderConfig;

/** A provider compiled against a newer SPI. */
public final class FutureSpiEmbedderProvider implements EmbedderProvider {
    @Override
    public String name() {
        return "future-spi";
    }

    @Override
    public int spiVersion() {
        return FaceReelSpi.VERSION + 1;
    }

    @Override
    public Embedder create(ProviderConfig config) {
        throw new UnsupportedOperationException();
    }
}
