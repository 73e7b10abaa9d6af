package dev.facereel.core.internal.opencv;

import dev.facereel.spi.Embedder;
import dev.facereel.spi.EmbedderProvider;
import dev.facereel.spi.FaceReelSpi;
import dev.facereel.spi.ProviderConfig;

/**
 * The {@code opencv-lbp} embedder provider: uniform local-binary-pattern histograms of the aligned grey face.
 * It needs no model file and runs everywhere, but separates identities much less well than the ONNX
 * {@code arcface} embedder; use it for trying FaceReel out, not for real casts.
 *
 * <p>Option: {@code grid} (cells per side, default 7, giving 2891 dimensions). The provider and the embedders it
 * creates are thread-safe.
 */
public final class OpenCvLbpProvider implements EmbedderProvider {
    @Override
    public String name() {
        return LbpEmbedder.NAME;
    }

    @Override
    public int spiVersion() {
        return FaceReelSpi.VERSION;
    }

    /** @throws dev.facereel.spi.InvalidInputException when an option is unknown or out of range, or a model is given */
    @Override
    public Embedder create(ProviderConfig config) {
        return LbpEmbedder.open(config);
    }
}
