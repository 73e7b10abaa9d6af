package dev.facereel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.NoSuchProviderException;
import dev.facereel.spi.ProviderConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProvidersTest {
    /** The class path plus the service files under src/test/resources/broken-providers. */
    private static URLClassLoader withBrokenProviders() {
        URL root = ProvidersTest.class.getResource("/broken-providers/");
        assertThat(root).as("test resource folder broken-providers").isNotNull();
        return new URLClassLoader(new URL[] {root}, ProvidersTest.class.getClassLoader());
    }

    @Test
    void fromClassPath_findsTheOpenCvDefaultsByName() {
        Providers providers = Providers.fromClassPath();
        assertThat(providers.detectorNames()).contains("opencv-haar");
        assertThat(providers.embedderNames()).contains("opencv-lbp");
        try (Detector detector = providers.detector("opencv-haar", ProviderConfig.empty());
                Embedder embedder = providers.embedder("opencv-lbp", ProviderConfig.empty())) {
            assertThat(detector.modelId()).startsWith("opencv-haar/");
            assertThat(embedder.modelId()).startsWith("opencv-lbp/");
            assertThat(embedder.dimension()).isEqualTo(7 * 7 * 59);
        }
    }

    @Test
    void detector_shippedElsewhere_namesTheArtifactAndListsAvailable() {
        Providers providers = Providers.fromClassPath();
        assertThatThrownBy(() -> providers.detector("scrfd", ProviderConfig.empty()))
                .isInstanceOf(NoSuchProviderException.class)
                .hasMessageContaining("'scrfd'")
                .hasMessageContaining("dev.facereel:facereel-detectors-onnx")
                .hasMessageContaining("Available: " + String.join(", ", providers.detectorNames()))
                .satisfies(e -> {
                    NoSuchProviderException n = (NoSuchProviderException) e;
                    assertThat(n.requested()).isEqualTo("scrfd");
                    assertThat(n.available()).isEqualTo(providers.detectorNames()).contains("opencv-haar");
                });
    }

    @Test
    void embedder_unknownName_listsEveryAvailableNameWithoutArtifactHint() {
        Providers providers = Providers.fromClassPath();
        assertThatThrownBy(() -> providers.embedder("facenet", ProviderConfig.empty()))
                .isInstanceOf(NoSuchProviderException.class)
                .hasMessageContaining("'facenet'")
                .hasMessageContaining("Available: " + String.join(", ", providers.embedderNames()))
                .hasMessageNotContaining("artifact");
    }

    @Test
    void load_brokenProviders_areSkippedWithAWarningAndTheRestStillFound() throws IOException {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (URLClassLoader loader = withBrokenProviders()) {
            Providers providers;
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            try {
                providers = Providers.load(loader);
            } finally {
                System.setErr(err);
            }
            // slf4j-simple, the test binding, writes warnings to System.err
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("WARN")
                    .contains("ThrowingDetectorProvider could not be instantiated")
                    .contains("MissingDetectorProvider not found")
                    .contains("'old-spi'", "'future-spi'");
            // a constructor that throws, a class that does not exist, an older SPI version: all skipped
            assertThat(providers.detectorNames()).contains("opencv-haar").doesNotContain("throwing", "old-spi");
            // a newer SPI version: skipped too
            assertThat(providers.embedderNames()).contains("opencv-lbp").doesNotContain("future-spi");
            assertThatThrownBy(() -> providers.detector("old-spi", ProviderConfig.empty()))
                    .isInstanceOf(NoSuchProviderException.class).hasMessageContaining("opencv-haar");
        }
    }
}
