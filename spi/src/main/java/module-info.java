/**
 * FaceReel's provider interfaces, JDK only: {@link dev.facereel.spi.DetectorProvider} and
 * {@link dev.facereel.spi.EmbedderProvider}, what they create and the values they exchange. A provider module
 * declares {@code provides dev.facereel.spi.DetectorProvider with …}; {@code dev.facereel.core} finds it.
 */
module dev.facereel.spi {
    exports dev.facereel.spi;
}
