package dev.facereel.onnx;

import dev.facereel.onnx.internal.UltraFaceDetector;
import dev.facereel.spi.Detector;
import dev.facereel.spi.DetectorProvider;
import dev.facereel.spi.FaceReelSpi;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;

/**
 * The {@code ultraface} detector: the Ultra-Light-Fast-Generic-Face-Detector (RFB-320 format) on ONNX Runtime.
 * It reports boxes without landmarks, so embedders fall back to square crops. Options:
 * <ul>
 * <li>{@code threads}: intra-op threads of the session, default 1;</li>
 * <li>{@code threshold}: the lowest face probability kept, default 0.7;</li>
 * <li>{@code nms}: the overlap (IoU) above which the weaker of two faces is dropped, default 0.3.</li>
 * </ul>
 * The provider is stateless and thread-safe; the detectors it creates are not: use one per thread.
 */
public final class UltraFaceDetectorProvider implements DetectorProvider {
    @Override
    public String name() {
        return "ultraface";
    }

    @Override
    public int spiVersion() {
        return FaceReelSpi.VERSION;
    }

    /**
     * @throws InvalidInputException when the model file is missing, not ONNX or not an UltraFace model, or an option
     *     is bad
     */
    @Override
    public Detector create(ProviderConfig config) {
        return UltraFaceDetector.open(config);
    }
}
