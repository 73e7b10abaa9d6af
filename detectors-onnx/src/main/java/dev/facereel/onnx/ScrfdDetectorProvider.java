package dev.facereel.onnx;

import dev.facereel.onnx.internal.ScrfdDetector;
import dev.facereel.spi.Detector;
import dev.facereel.spi.DetectorProvider;
import dev.facereel.spi.FaceReelSpi;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;

/**
 * The {@code scrfd} detector: InsightFace SCRFD models, with or without the five keypoints, on ONNX Runtime.
 * Options:
 * <ul>
 * <li>{@code threads}: intra-op threads of the session, default 1;</li>
 * <li>{@code input_size}: the input's long side, a multiple of 32, default 640; the short side is the smallest
 * multiple of 32 that holds the scaled frame (640x384 for 16:9). A model with a fixed input size uses that;</li>
 * <li>{@code threshold}: the lowest face score kept, default 0.5;</li>
 * <li>{@code nms}: the overlap (IoU) above which the weaker of two faces is dropped, default 0.4.</li>
 * </ul>
 * The provider is stateless and thread-safe; the detectors it creates are not: use one per thread.
 */
public final class ScrfdDetectorProvider implements DetectorProvider {
    @Override
    public String name() {
        return "scrfd";
    }

    @Override
    public int spiVersion() {
        return FaceReelSpi.VERSION;
    }

    /**
     * @throws InvalidInputException when the model file is missing, not ONNX or not an SCRFD model, or an option is bad
     */
    @Override
    public Detector create(ProviderConfig config) {
        return ScrfdDetector.open(config);
    }
}
