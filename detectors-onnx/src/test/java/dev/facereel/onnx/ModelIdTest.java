package dev.facereel.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelIdTest {
    @Test
    void scrfd_modelId_namesFileHashAndEverySetting() {
        assertThat(detectorId(Models.config(Models.SCRFD)))
                .startsWith("scrfd:" + Models.SCRFD + "@bc24bb349491")
                .contains("input=640").contains("threshold=0.5").contains("nms=0.4");
    }

    @Test
    void scrfd_modelId_changesWithEachSetting() {
        ProviderConfig base = Models.config(Models.SCRFD);
        List<String> ids = List.of(detectorId(base), detectorId(base.with("input_size", "320")),
                detectorId(base.with("threshold", "0.6")), detectorId(base.with("nms", "0.5")));
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(detectorId(base.with("threads", "2"))).isEqualTo(ids.get(0));
    }

    @Test
    void arcface_modelId_changesWithEachOption() {
        ProviderConfig base = Models.config(Models.MOBILEFACENET);
        List<String> ids = List.of(embedderId(base), embedderId(base.with("align", "false")),
                embedderId(base.with("mean", "127")), embedderId(base.with("std", "128")),
                embedderId(base.with("channels", "bgr")));
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
    }

    @Test
    void arcface_modelOnAnotherFileSystem_opensAndTracksTheBytes() throws IOException {
        Path original = SharedAssets.model(Models.MOBILEFACENET);
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path copy = Files.copy(original, Files.createDirectories(fs.getPath("/a")).resolve(Models.MOBILEFACENET));
            // Same name, one extra protobuf field (number 20, varint 1) that ONNX Runtime ignores.
            Path changed = Files.createDirectories(fs.getPath("/b")).resolve(Models.MOBILEFACENET);
            Files.write(changed, concat(Files.readAllBytes(original), new byte[] {(byte) 0xA0, 0x01, 0x01}));
            String originalId = embedderId(ProviderConfig.ofModel(original));
            assertThat(embedderId(ProviderConfig.ofModel(copy))).isEqualTo(originalId);
            assertThat(embedderId(ProviderConfig.ofModel(changed))).isNotEqualTo(originalId);
        }
    }

    @Test
    void yunet_modelId_namesFileHashAndEverySetting_andChangesWithEach() {
        ProviderConfig base = Models.config(Models.YUNET_N);
        List<String> ids = List.of(yunetId(base), yunetId(base.with("input_size", "320")),
                yunetId(base.with("threshold", "0.8")), yunetId(base.with("nms", "0.4")),
                yunetId(Models.config(Models.YUNET_S)));
        assertThat(ids.get(0)).startsWith("yunet:" + Models.YUNET_N + "@104ee26c71d5")
                .contains("input=640").contains("threshold=0.7").contains("nms=0.3");
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(yunetId(base.with("threads", "2"))).isEqualTo(ids.get(0));
    }

    @Test
    void ultraface_modelId_namesFileAndSettings() {
        try (Detector d = Models.ultraface()) {
            assertThat(d.modelId()).startsWith("ultraface:" + Models.ULTRAFACE + "@34cd7e60aeff")
                    .contains("threshold=0.7").contains("nms=0.3");
        }
    }

    private static String detectorId(ProviderConfig config) {
        try (Detector d = new ScrfdDetectorProvider().create(config)) {
            return d.modelId();
        }
    }

    private static String yunetId(ProviderConfig config) {
        try (Detector d = new YunetDetectorProvider().create(config)) {
            return d.modelId();
        }
    }

    private static String embedderId(ProviderConfig config) {
        try (Embedder e = Models.arcface(config)) {
            return e.modelId();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
