package dev.facereel.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.Providers;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.testing.SharedAssets;
import org.junit.jupiter.api.Test;

class ProvidersTest {
    private final Providers providers = Providers.fromClassPath();

    @Test
    void fromClassPath_listsTheOnnxProvidersByName() {
        assertThat(providers.detectorNames()).contains("scrfd", "yunet", "ultraface");
        assertThat(providers.embedderNames()).contains("arcface");
    }

    @Test
    void detectorAndEmbedder_byName_workOnAPhoto() {
        Image photo = TestImages.load(SharedAssets.face("biden.jpg"));
        try (Detector ultraface = providers.detector("ultraface", Models.config(Models.ULTRAFACE))) {
            assertThat(ultraface.detect(photo)).isNotEmpty();
        }
        try (Detector yunet = providers.detector("yunet", Models.config(Models.YUNET_N))) {
            assertThat(yunet.detect(photo)).isNotEmpty();
        }
        try (Detector scrfd = providers.detector("scrfd", Models.config(Models.SCRFD));
                Embedder arcface = providers.embedder("arcface", Models.config(Models.MOBILEFACENET))) {
            Face face = scrfd.detect(photo).get(0);
            assertThat(arcface.embed(photo, face)).hasSize(128);
            assertThat(arcface.dimension()).isEqualTo(128);
        }
    }
}
