package dev.facereel.onnx;

import dev.facereel.onnx.internal.ArcFaceEmbedder;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.EmbedderProvider;
import dev.facereel.spi.FaceReelSpi;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;

/**
 * The {@code arcface} embedder: any ArcFace-family ONNX model with a {@code [1,3,112,112]} input and one
 * {@code [1,D]} output (MobileFaceNet, ResNet ArcFace, ...). Faces with five landmarks are aligned to the
 * standard ArcFace template; others are cropped square around their box. Vectors are L2-normalised. Options:
 * <ul>
 * <li>{@code threads}: intra-op threads of the session, default 1;</li>
 * <li>{@code align}: {@code false} crops square around the box even when landmarks are given, default true;</li>
 * <li>{@code mean}, {@code std}: the input is {@code (px - mean) / std}, defaults 127.5 and 127.5;</li>
 * <li>{@code channels}: the channel order the model expects, {@code rgb} (default) or {@code bgr}.</li>
 * </ul>
 * The defaults fit PyTorch exports. The provider is stateless and thread-safe; the embedders it creates are not:
 * use one per thread.
 */
public final class ArcFaceEmbedderProvider implements EmbedderProvider {
    @Override
    public String name() {
        return "arcface";
    }

    @Override
    public int spiVersion() {
        return FaceReelSpi.VERSION;
    }

    /**
     * @throws InvalidInputException when the model file is missing, not ONNX or not a 112x112 embedder, or an option
     *     is bad
     */
    @Override
    public Embedder create(ProviderConfig config) {
        return ArcFaceEmbedder.open(config);
    }
}
