package dev.facereel.spi;

import java.util.List;

/**
 * Finds faces in a frame. Instances come from a {@link DetectorProvider} or are passed to the pipeline
 * directly. Whether one instance may be called from several threads is reported by {@link #isThreadSafe()}.
 */
public interface Detector extends AutoCloseable {
    /**
     * The faces in the image, boxes within its bounds, best score first.
     *
     * @throws FaceReelException when inference fails
     */
    List<Face> detect(Image image);

    /** Identifies the model and every setting that changes the output; used to tell stale results. */
    String modelId();

    /**
     * The longest image side this detector makes use of: it scales larger images down to it before inference
     * anyway, so a caller may hand it frames already scaled down to this side (faces are then found in the scaled
     * image's coordinates, which the caller maps back). 0, the default, means the detector works on the full image.
     */
    default int maxInputSide() {
        return 0;
    }

    /** Whether {@link #detect} may be called concurrently on this instance. */
    boolean isThreadSafe();

    /** Releases native resources. Idempotent. */
    @Override
    void close();
}
