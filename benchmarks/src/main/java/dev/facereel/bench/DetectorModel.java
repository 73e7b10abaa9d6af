package dev.facereel.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The detectors the throughput rows compare, each with its shared model file and the input it takes (plane order
 * and normalisation), so the inference-only bound feeds its session what the provider would.
 */
enum DetectorModel {
    SCRFD("scrfd", "scrfd_2.5g_bnkps.onnx", true, 127.5f, 128f),
    YUNET("yunet", "yunet_n_dynamic.onnx", false, 0f, 1f);

    private final String provider;
    private final String file;
    private final boolean rgb;
    private final float mean;
    private final float std;

    DetectorModel(String provider, String file, boolean rgb, float mean, float std) {
        this.provider = provider;
        this.file = file;
        this.rgb = rgb;
        this.mean = mean;
        this.std = std;
    }

    /** The provider's name, as {@code FacePipeline.Builder.detector} takes it. */
    String provider() {
        return provider;
    }

    /** The model file under the shared {@code models/}. */
    String file() {
        return file;
    }

    /** Whether plane 0 of the input is red (else blue). */
    boolean rgb() {
        return rgb;
    }

    float mean() {
        return mean;
    }

    float std() {
        return std;
    }

    /** The model's short name, for row labels: {@code scrfd}, {@code yunet_n}. */
    String label() {
        return file.replace("_dynamic.onnx", "").replace("_2.5g_bnkps.onnx", "");
    }

    /** By provider name, as {@code --detectors} lists them. */
    static DetectorModel of(String provider) {
        return Arrays.stream(values()).filter(d -> d.provider.equals(provider.trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("--detectors takes "
                        + Arrays.toString(Arrays.stream(values()).map(DetectorModel::provider).toArray()) + ", got "
                        + provider));
    }
}
