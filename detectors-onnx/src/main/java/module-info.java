/**
 * ONNX Runtime face providers for FaceReel: the {@code scrfd}, {@code yunet} and {@code ultraface} detectors and the
 * {@code arcface} embedder, found through {@link java.util.ServiceLoader}. See {@link dev.facereel.onnx}.
 */
module dev.facereel.onnx {
    requires transitive dev.facereel.spi;
    requires com.microsoft.onnxruntime;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.opencv;
    requires org.slf4j;

    exports dev.facereel.onnx;

    provides dev.facereel.spi.DetectorProvider
            with dev.facereel.onnx.ScrfdDetectorProvider, dev.facereel.onnx.YunetDetectorProvider,
                    dev.facereel.onnx.UltraFaceDetectorProvider;
    provides dev.facereel.spi.EmbedderProvider with dev.facereel.onnx.ArcFaceEmbedderProvider;
}
