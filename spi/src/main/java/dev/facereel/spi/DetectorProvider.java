package dev.facereel.spi;

/**
 * A factory for {@link Detector}s, found by {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.facereel.spi.DetectorProvider}. Constructors must do nothing;
 * model files are opened in {@link #create}.
 */
public interface DetectorProvider {
    /** The name users select this provider by, e.g. {@code scrfd}. */
    String name();

    /** The SPI version this provider was compiled against: return {@link FaceReelSpi#VERSION}. */
    int spiVersion();

    /**
     * Opens a detector.
     *
     * @throws InvalidInputException when the model file is missing, not a model, or the wrong kind of model
     */
    Detector create(ProviderConfig config);
}
