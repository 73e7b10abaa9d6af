package dev.facereel.onnx;

import dev.facereel.onnx.internal.YunetDetector;
import dev.facereel.spi.Detector;
import dev.facereel.spi.DetectorProvider;
import dev.facereel.spi.FaceReelSpi;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;

/**
 * The {@code yunet} detector: YuNet (libfacedetection; the OpenCV Zoo detector family, Apache-2.0 or MIT) with five
 * landmarks, on ONNX Runtime. It takes any input size, so the {@code *_dynamic.onnx} files fit 16:9 video without a
 * square input; a model with a fixed input size uses that. Options:
 * <ul>
 * <li>{@code threads}: intra-op threads of the session, default 1;</li>
 * <li>{@code input_size}: the input's long side, a multiple of 32, default 640; the short side is the smallest
 * multiple of 32 that holds the scaled frame (640x384 for 16:9);</li>
 * <li>{@code threshold}: the lowest face score (the square root of class times objectness) kept, default 0.7: every
 * labelled face of the test photos scores above 0.9, while 0.6 lets hands through;</li>
 * <li>{@code nms}: the overlap (IoU) above which the weaker of two faces is dropped, default 0.3.</li>
 * </ul>
 * The provider is stateless and thread-safe, and so are the detectors it creates: one detector serves several
 * threads at once, each call with native buffers of its own.
 */
public final class YunetDetectorProvider implements DetectorProvider {
    @Override
    public String name() {
        return "yunet";
    }

    @Override
    public int spiVersion() {
        return FaceReelSpi.VERSION;
    }

    /**
     * @throws InvalidInputException when the model file is missing, not ONNX or not a YuNet model, or an option is bad
     */
    @Override
    public Detector create(ProviderConfig config) {
        return YunetDetector.open(config);
    }
}
