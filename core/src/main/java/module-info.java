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
    // Video decoding uses JavaCV's FFmpegFrameGrabber. JavaCV's own descriptor requires JavaFX and a dozen capture
    // libraries that FaceReel leaves out, so it cannot be resolved unless those are present: an application on the
    // module path that decodes video adds it (--add-modules org.bytedeco.javacv) together with them. On the class
    // path nothing is needed.
    requires static org.bytedeco.javacv;

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
