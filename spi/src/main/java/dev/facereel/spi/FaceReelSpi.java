package dev.facereel.spi;

/** Facts about this SPI that providers compile against. */
public final class FaceReelSpi {
    /**
     * The SPI version. Providers return this constant from {@code spiVersion()}; because it is a
     * compile-time constant it records the version a provider was built against.
     */
    public static final int VERSION = 1;

    private FaceReelSpi() {
    }
}
