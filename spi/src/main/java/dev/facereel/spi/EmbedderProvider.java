package dev.facereel.spi;

/**
 * A factory for {@link Embedder}s, found by {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.facereel.spi.EmbedderProvider}. Constructors must do nothing;
 * model files are opened in {@link #create}.
 */
public interface EmbedderProvider {
    /** The name users select this provider by, e.g. {@code arcface}. */
    String name();

    /** The SPI version this provider was compiled against: return {@link FaceReelSpi#VERSION}. */
    int spiVersion();

    /**
     * Opens an embedder.
     *
     * @throws InvalidInputException when the model file is missing, not a model, or the wrong kind of model
     */
    Embedder create(ProviderConfig config);
}
