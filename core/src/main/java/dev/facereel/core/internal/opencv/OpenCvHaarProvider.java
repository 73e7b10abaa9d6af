package dev.facereel.core.internal.opencv;

import dev.facereel.spi.Detector;
import dev.facereel.spi.DetectorProvider;
import dev.facereel.spi.FaceReelSpi;
import dev.facereel.spi.ProviderConfig;

/**
 * The {@code opencv-haar} detector provider: OpenCV's frontal-face Haar cascade, which ships inside the
 * OpenCV natives, so it needs no model file. A fallback that runs everywhere; it misses profile and small
 * faces that the ONNX detectors ({@code scrfd}, {@code ultraface}) find, and reports no landmarks.
 *
 * <p>Options: {@code scale} (pyramid step, default 1.1), {@code min_neighbors} (default 5), {@code min_size}
 * (smallest face side in pixels, default 30). The provider is stateless and thread-safe; the detectors it
 * creates are not thread-safe.
 */
public final class OpenCvHaarProvider implements DetectorProvider {
    @Override
    public String name() {
        return HaarDetector.NAME;
    }

    @Override
    public int spiVersion() {
        return FaceReelSpi.VERSION;
    }

    /** @throws dev.facereel.spi.InvalidInputException when an option is unknown or out of range, or a model is given */
    @Override
    public Detector create(ProviderConfig config) {
        return HaarDetector.open(config);
    }
}
