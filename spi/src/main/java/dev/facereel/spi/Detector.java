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

    /** Whether {@link #detect} may be called concurrently on this instance. */
    boolean isThreadSafe();

    /** Releases native resources. Idempotent. */
    @Override
    void close();
}
