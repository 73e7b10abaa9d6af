package dev.facereel.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidationTest {
    @TempDir
    Path dir;

    private static final Function<ProviderConfig, AutoCloseable> SCRFD = c -> new ScrfdDetectorProvider().create(c);
    private static final Function<ProviderConfig, AutoCloseable> YUNET = c -> new YunetDetectorProvider().create(c);
    private static final Function<ProviderConfig, AutoCloseable> ULTRAFACE = c -> new UltraFaceDetectorProvider().create(c);
    private static final Function<ProviderConfig, AutoCloseable> ARCFACE = c -> new ArcFaceEmbedderProvider().create(c);

    @Test
    void create_withoutModel_namesProviderAndKey() {
        assertThatThrownBy(() -> SCRFD.apply(ProviderConfig.empty())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("scrfd").hasMessageContaining("model");
    }

    @Test
    void create_missingFile_namesFileAndExpectation() {
        Path missing = dir.resolve("nowhere.onnx");
        assertThatThrownBy(() -> ARCFACE.apply(ProviderConfig.ofModel(missing))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nowhere.onnx").hasMessageContaining("does not exist")
                .hasMessageContaining("ArcFace-family embedder");
    }

    @Test
    void create_textFile_isNotAnOnnxModel() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.onnx"), "these are not the weights you are looking for\n");
        assertThatThrownBy(() -> SCRFD.apply(ProviderConfig.ofModel(text))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("notes.onnx").hasMessageContaining("not an ONNX model")
                .hasMessageContaining("SCRFD face detector");
    }

    @Test
    void create_randomBytes_isNotAnOnnxModel() throws IOException {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        Path noise = Files.write(dir.resolve("noise.onnx"), bytes);
        assertThatThrownBy(() -> ULTRAFACE.apply(ProviderConfig.ofModel(noise))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("noise.onnx").hasMessageContaining("not an ONNX model")
                .hasMessageContaining("UltraFace face detector");
    }

    @Test
    void create_arcfaceGivenUltraFaceModel_saysWhatItExpected() {
        assertThatThrownBy(() -> ARCFACE.apply(Models.config(Models.ULTRAFACE))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(Models.ULTRAFACE).hasMessageContaining("does not fit")
                .hasMessageContaining("[1,3,112,112]").hasMessageContaining("[1, 3, 240, 320]");
    }

    @Test
    void create_scrfdGivenEmbedderModel_saysWhatItExpected() {
        assertThatThrownBy(() -> SCRFD.apply(Models.config(Models.MOBILEFACENET))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(Models.MOBILEFACENET).hasMessageContaining("does not fit")
                .hasMessageContaining("6 or 9 outputs");
    }

    @Test
    void create_yunetGivenScrfdModel_saysWhatItExpectedAndWhatItFound() {
        assertThatThrownBy(() -> YUNET.apply(Models.config(Models.SCRFD))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(Models.SCRFD).hasMessageContaining("does not fit")
                .hasMessageContaining("YuNet face detector").hasMessageContaining("cls_S [N,HW,1]");
    }

    @Test
    void create_scrfdGivenYunetModel_saysWhatItExpected() {
        assertThatThrownBy(() -> SCRFD.apply(Models.config(Models.YUNET_N))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(Models.YUNET_N).hasMessageContaining("does not fit")
                .hasMessageContaining("kps_32 [-1, -1, 10]");
    }

    @Test
    void create_ultrafaceGivenScrfdModel_saysWhatItExpected() {
        assertThatThrownBy(() -> ULTRAFACE.apply(Models.config(Models.SCRFD))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(Models.SCRFD).hasMessageContaining("does not fit")
                .hasMessageContaining("[1,K,2]");
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
        "scrfd, threshold, 1.5, a number in (0, 1]",
        "scrfd, threshold, high, a finite number",
        "scrfd, nms, 0, a number in (0, 1]",
        "scrfd, input_size, 100, a multiple of 32",
        "scrfd, input_size, 0, at least 32",
        "scrfd, threads, 0, at least 1",
        "scrfd, threshhold, 0.5, known options",
        "yunet, threshold, 0, a number in (0, 1]",
        "yunet, nms, 1.01, a number in (0, 1]",
        "yunet, input_size, 650, a multiple of 32",
        "yunet, input_size, 16, at least 32",
        "yunet, threads, 0, at least 1",
        "yunet, score, 0.7, known options",
        "ultraface, threshold, -1, a number in (0, 1]",
        "ultraface, threads, two, an integer",
        "arcface, align, maybe, true or false",
        "arcface, std, 0, a non-zero number",
        "arcface, mean, NaN, a finite number",
        "arcface, channels, yuv, one of bgr, rgb",
    })
    void create_badOption_namesKeyAndValue(String provider, String key, String value, String expected) {
        Function<ProviderConfig, AutoCloseable> open = switch (provider) {
            case "scrfd" -> SCRFD;
            case "yunet" -> YUNET;
            case "ultraface" -> ULTRAFACE;
            default -> ARCFACE;
        };
        ProviderConfig config = ProviderConfig.ofModel(SharedAssets.model(Models.SCRFD)).with(key, value);
        assertThatThrownBy(() -> open.apply(config)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + key + "'").hasMessageContaining(value).hasMessageContaining(expected);
    }
}
