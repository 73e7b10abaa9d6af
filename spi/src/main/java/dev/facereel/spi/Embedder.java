package dev.facereel.spi;

/**
 * Turns a detected face into an L2-normalised identity vector; faces of one person lie close in cosine.
 * Whether one instance may be called from several threads is reported by {@link #isThreadSafe()}.
 */
public interface Embedder extends AutoCloseable {
    /**
     * The face's embedding, of length {@link #dimension()} and unit L2 norm.
     *
     * @throws FaceReelException when inference fails
     */
    float[] embed(Image image, Face face);

    int dimension();

    /** Identifies the model and every setting that changes the output; changes when either does. */
    String modelId();

    /**
     * The similarities at which this embedder's vectors mean the same person, for clustering and for naming. The
     * default suits ArcFace-style models; an embedder of another kind overrides it with values measured for it.
     */
    default Calibration calibration() {
        return Calibration.ARCFACE_STYLE;
    }

    /** Whether {@link #embed} may be called concurrently on this instance. */
    boolean isThreadSafe();

    /** Releases native resources. Idempotent. */
    @Override
    void close();
}
