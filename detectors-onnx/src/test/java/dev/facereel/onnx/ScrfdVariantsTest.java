package dev.facereel.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SCRFD exports other than the shared one: without the keypoint outputs, and with a fixed input size. */
class ScrfdVariantsTest {
    @TempDir
    Path dir;

    private final Image photo = TestImages.load(SharedAssets.face("obama.jpg"));

    @Test
    void detect_modelWithoutKeypointOutputs_findsTheSameBoxesWithoutLandmarks() throws IOException {
        Path model = variant("scrfd_nokps.onnx", bytes -> OnnxEdit.dropOutputs(bytes, 10));
        Face full = first(Models.config(Models.SCRFD));
        Face boxOnly = first(ProviderConfig.ofModel(model));
        assertThat(boxOnly.landmarks()).isNull();
        assertThat(boxOnly.box()).isEqualTo(full.box());
        assertThat(boxOnly.score()).isEqualTo(full.score());
    }

    @Test
    void detect_modelWithFixedInputSize_usesThatSize() throws IOException {
        Path model = variant("scrfd_640.onnx", bytes -> OnnxEdit.fixInputSize(bytes, 640, 640));
        try (Detector fixed = new ScrfdDetectorProvider().create(ProviderConfig.ofModel(model).with("input_size", "320"))) {
            assertThat(fixed.modelId()).contains("input=640x640");
            Face face = fixed.detect(photo).get(0);
            Face reference = first(Models.config(Models.SCRFD));
            assertThat(face.box().iou(reference.box())).isGreaterThan(0.9f);
            assertThat(face.landmarks()).isNotNull();
        }
    }

    private Path variant(String name, UnaryOperator<byte[]> edit) throws IOException {
        return Files.write(dir.resolve(name), edit.apply(Files.readAllBytes(SharedAssets.model(Models.SCRFD))));
    }

    private Face first(ProviderConfig config) {
        try (Detector detector = new ScrfdDetectorProvider().create(config)) {
            return detector.detect(photo).get(0);
        }
    }
}
