/**
 * The provider interfaces FaceReel finds faces and identities with. Implement {@link dev.facereel.spi.DetectorProvider}
 * or {@link dev.facereel.spi.EmbedderProvider} and register it for {@link java.util.ServiceLoader};
 * {@link dev.facereel.spi.FaceReelException} is the root of every exception the library throws.
 */
package dev.facereel.spi;
