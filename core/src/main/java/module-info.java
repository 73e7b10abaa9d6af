/**
 * FaceReel's pipeline and durable jobs. The entry point is {@link dev.facereel.core.FacePipeline}; job state is
 * reached through {@link dev.facereel.core.jobs.JobStorage}. Detector and embedder providers are found with
 * {@link java.util.ServiceLoader} ({@link dev.facereel.core.Providers}); this module provides the model-free
 * {@code opencv-haar} and {@code opencv-lbp}.
 */
module dev.facereel.core {
    requires transitive dev.facereel.spi;
    requires com.fasterxml.jackson.databind;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.ffmpeg;
    requires org.bytedeco.opencv;
    requires org.slf4j;

    exports dev.facereel.core;
    exports dev.facereel.core.jobs;
    exports dev.facereel.core.cast;
    // The PostgreSQL store keeps the same cast document as the file store, through the one codec of its format.
    exports dev.facereel.core.internal.cast to dev.facereel.jobstore.postgres;

    uses dev.facereel.spi.DetectorProvider;
    uses dev.facereel.spi.EmbedderProvider;

    provides dev.facereel.spi.DetectorProvider with dev.facereel.core.internal.opencv.OpenCvHaarProvider;
    provides dev.facereel.spi.EmbedderProvider with dev.facereel.core.internal.opencv.OpenCvLbpProvider;
}
