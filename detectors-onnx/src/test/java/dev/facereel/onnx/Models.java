package dev.facereel.onnx;

import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;

/** The shared test models, opened through their providers. */
final class Models {
    static final String SCRFD = "scrfd_2.5g_bnkps.onnx";
    static final String ULTRAFACE = "version-RFB-320.onnx";
    static final String YUNET_N = "yunet_n_dynamic.onnx";
    static final String YUNET_S = "yunet_s_dynamic.onnx";
    static final String MOBILEFACENET = "mobilefacenet.onnx";

    private Models() {
    }

    static ProviderConfig config(String model) {
        return ProviderConfig.ofModel(SharedAssets.model(model));
    }

    static Detector scrfd() {
        return new ScrfdDetectorProvider().create(config(SCRFD));
    }

    /** YuNet with its default settings on one of {@link #YUNET_N} and {@link #YUNET_S}. */
    static Detector yunet(String model) {
        return new YunetDetectorProvider().create(config(model));
    }

    static Detector ultraface() {
        return new UltraFaceDetectorProvider().create(config(ULTRAFACE));
    }

    static Embedder arcface(ProviderConfig config) {
        return new ArcFaceEmbedderProvider().create(config);
    }
}
