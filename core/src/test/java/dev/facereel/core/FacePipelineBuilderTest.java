package dev.facereel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.core.internal.stage.StageList;
import dev.facereel.core.internal.stage.detect.DetectStage;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.ProcessProbe;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.NoSuchProviderException;
import dev.facereel.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The builder's rules, as Caffeine's: a bad value is an {@link IllegalArgumentException} naming it; a setting given
 * twice, or settings that contradict each other, an {@link IllegalStateException} naming them. No media, no models:
 * the providers are stubs and the data root is on Jimfs.
 */
class FacePipelineBuilderTest {
    private static final Providers PROVIDERS = Providers.fromClassPath();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Ticker TICKER = () -> 0L;
    private static final StageList STAGES = new StageList(List.of(new DetectStage()));

    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

    @AfterEach
    void closeFileSystem() throws IOException {
        fs.close();
    }

    static Stream<Arguments> settings() {
        StubDetector detector = new StubDetector();
        StubEmbedder embedder = new StubEmbedder();
        return Stream.of(
                setting("dataRoot", (b, fs) -> b.dataRoot(fs.getPath("/data")), "/data"),
                setting("jobStorage", (b, fs) -> b.jobStorage(JobStorage.onFiles(fs.getPath("/state"),
                        ProcessProbe.local(), CLOCK)), ""),
                setting("providers", (b, fs) -> b.providers(PROVIDERS), PROVIDERS),
                setting("detector", (b, fs) -> b.detector("opencv-haar", ProviderConfig.empty()), "'opencv-haar'"),
                setting("detector", (b, fs) -> b.detector(detector), detector),
                setting("embedder", (b, fs) -> b.embedder("opencv-lbp", ProviderConfig.empty()), "'opencv-lbp'"),
                setting("embedder", (b, fs) -> b.embedder(embedder), embedder),
                setting("sampleFps", (b, fs) -> b.sampleFps(2), 2.0),
                setting("clusterThreshold", (b, fs) -> b.clusterThreshold(0.6), 0.6),
                setting("minFaceSize", (b, fs) -> b.minFaceSize(24), 24),
                setting("minFaceQuality", (b, fs) -> b.minFaceQuality(0.2), 0.2),
                setting("castMinFaces", (b, fs) -> b.castMinFaces(5), 5),
                setting("castMinScreenTime", (b, fs) -> b.castMinScreenTime(Duration.ofSeconds(2)), Duration.ofSeconds(2)),
                setting("castMinScreenShare", (b, fs) -> b.castMinScreenShare(0.05), 0.05),
                setting("castMinQuality", (b, fs) -> b.castMinQuality(0.6), 0.6),
                setting("parallelism", (b, fs) -> b.parallelism(4), 4),
                setting("heartbeatInterval", (b, fs) -> b.heartbeatInterval(Duration.ofSeconds(2)), Duration.ofSeconds(2)),
                setting("stallAfter", (b, fs) -> b.stallAfter(Duration.ofSeconds(20)), Duration.ofSeconds(20)),
                setting("noProgressAfter", (b, fs) -> b.noProgressAfter(Duration.ofMinutes(5)), Duration.ofMinutes(5)),
                setting("clock", (b, fs) -> b.clock(CLOCK), CLOCK),
                setting("ticker", (b, fs) -> b.ticker(TICKER), TICKER),
                setting("stages", (b, fs) -> b.stages(STAGES), "[DETECT]"));
    }

    /** A setter call; {@code shown} is how the message shows its value ("" where it is an object's identity). */
    private static Arguments setting(String name, BiFunction<FacePipeline.Builder, FileSystem, FacePipeline.Builder> set,
                                     Object shown) {
        return Arguments.of(name, set, shown);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("settings")
    void setting_givenTwice_throwsIllegalStateNamingItAndItsValue(String name,
            BiFunction<FacePipeline.Builder, FileSystem, FacePipeline.Builder> set, Object shown) {
        FacePipeline.Builder builder = set.apply(FacePipeline.builder(), fs);

        assertThatThrownBy(() -> set.apply(builder, fs)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(name + " was already set to " + shown);
    }

    @Test
    void detector_instanceAfterName_throwsIllegalStateNamingBoth() {
        FacePipeline.Builder builder = FacePipeline.builder().detector("scrfd", ProviderConfig.empty());

        assertThatThrownBy(() -> builder.detector(new StubDetector())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("detector(Detector) conflicts with detector(String, ProviderConfig)")
                .hasMessageContaining("'scrfd'");
    }

    @Test
    void detector_nameAfterInstance_throwsIllegalStateNamingBoth() {
        FacePipeline.Builder builder = FacePipeline.builder().detector(new StubDetector());

        assertThatThrownBy(() -> builder.detector("scrfd", ProviderConfig.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("detector(String, ProviderConfig) conflicts with detector(Detector)")
                .hasMessageContaining("stub detector");
    }

    @Test
    void embedder_instanceAfterName_throwsIllegalStateNamingBoth() {
        FacePipeline.Builder builder = FacePipeline.builder().embedder("arcface", ProviderConfig.empty());

        assertThatThrownBy(() -> builder.embedder(new StubEmbedder())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("embedder(Embedder) conflicts with embedder(String, ProviderConfig)")
                .hasMessageContaining("'arcface'");
    }

    @Test
    void embedder_nameAfterInstance_throwsIllegalStateNamingBoth() {
        FacePipeline.Builder builder = FacePipeline.builder().embedder(new StubEmbedder());

        assertThatThrownBy(() -> builder.embedder("arcface", ProviderConfig.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("embedder(String, ProviderConfig) conflicts with embedder(Embedder)")
                .hasMessageContaining("stub embedder");
    }

    @Test
    void providers_withBothProvidersAsInstances_throwsIllegalStateAtBuildNamingAllThree() {
        StubDetector detector = new StubDetector();
        FacePipeline.Builder builder = FacePipeline.builder().dataRoot(fs.getPath("/data")).providers(PROVIDERS)
                .detector(detector).embedder(new StubEmbedder());

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("providers").hasMessageContaining("detector(Detector)")
                .hasMessageContaining("embedder(Embedder)");
        assertThat(detector.closed).as("nothing was opened, so nothing is closed").isFalse();
    }

    @Test
    void providers_withOneProviderAsInstance_looksUpTheOther() {
        StubDetector detector = new StubDetector();
        FacePipeline.Builder builder = FacePipeline.builder().dataRoot(fs.getPath("/data")).providers(PROVIDERS)
                .detector(detector).embedder("no-such-embedder", ProviderConfig.empty());

        assertThatThrownBy(builder::build).isInstanceOf(NoSuchProviderException.class)
                .hasMessageContaining("no-such-embedder");
        assertThat(detector.closed).as("the detector given is closed when the embedder cannot be opened").isTrue();
    }

    @Test
    void stallAfter_notLongerThanHeartbeatInterval_throwsIllegalStateAtBuildNamingBothValues() {
        FacePipeline.Builder builder = stubbed().stallAfter(Duration.ofSeconds(5)).heartbeatInterval(Duration.ofSeconds(5));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stallAfter (PT5S)").hasMessageContaining("heartbeatInterval (PT5S)");
    }

    @Test
    void heartbeatInterval_longerThanTheDefaultStallAfter_throwsIllegalStateAtBuildNamingBothValues() {
        FacePipeline.Builder builder = stubbed().heartbeatInterval(Duration.ofSeconds(40));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stallAfter (PT30S) must be longer than heartbeatInterval (PT40S)");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad(b -> b.sampleFps(0), "sampleFps must be a positive number, got 0.0"),
                bad(b -> b.sampleFps(Double.NaN), "sampleFps must be a positive number, got NaN"),
                bad(b -> b.sampleFps(Double.POSITIVE_INFINITY), "sampleFps must be a positive number, got Infinity"),
                bad(b -> b.clusterThreshold(1), "clusterThreshold must be in (-1, 1), got 1.0"),
                bad(b -> b.clusterThreshold(-1), "clusterThreshold must be in (-1, 1), got -1.0"),
                bad(b -> b.minFaceSize(-1), "minFaceSize must not be negative, got -1"),
                bad(b -> b.minFaceQuality(1.5), "minFaceQuality must be in [0, 1], got 1.5"),
                bad(b -> b.minFaceQuality(Double.NaN), "minFaceQuality must be in [0, 1], got NaN"),
                bad(b -> b.castMinFaces(0), "castMinFaces must be at least 1, got 0"),
                bad(b -> b.castMinScreenTime(Duration.ofSeconds(-4)), "castMinScreenTime must not be negative, got PT-4S"),
                bad(b -> b.castMinScreenShare(-0.1), "castMinScreenShare must be in [0, 1], got -0.1"),
                bad(b -> b.castMinQuality(2), "castMinQuality must be in [0, 1], got 2.0"),
                bad(b -> b.parallelism(0), "parallelism must be at least 1, got 0"),
                bad(b -> b.heartbeatInterval(Duration.ZERO), "heartbeatInterval must be positive, got PT0S"),
                bad(b -> b.stallAfter(Duration.ofSeconds(-1)), "stallAfter must be positive, got PT-1S"),
                bad(b -> b.noProgressAfter(null), "noProgressAfter must be positive, got null"));
    }

    private static Arguments bad(UnaryOperator<FacePipeline.Builder> set, String message) {
        return Arguments.of(set, message);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badValues")
    void setting_badValue_throwsIllegalArgumentNamingTheValue(UnaryOperator<FacePipeline.Builder> set, String message) {
        assertThatThrownBy(() -> set.apply(FacePipeline.builder())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void setting_afterARefusedValue_canStillBeSet() {
        FacePipeline.Builder builder = FacePipeline.builder();
        assertThatThrownBy(() -> builder.sampleFps(-1)).isInstanceOf(IllegalArgumentException.class);

        builder.sampleFps(2);

        assertThatThrownBy(() -> builder.sampleFps(3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sampleFps was already set to 2.0");
    }

    @Test
    void build_withoutDataRoot_throwsIllegalStateNamingIt() {
        assertThatThrownBy(() -> FacePipeline.builder().detector(new StubDetector()).embedder(new StubEmbedder()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dataRoot is required");
    }

    @Test
    void build_withEverySettingGivenOnce_buildsAPipelineThatUsesThem() {
        StubDetector detector = new StubDetector();
        StubEmbedder embedder = new StubEmbedder();
        Path root = fs.getPath("/data");
        FacePipeline pipeline = FacePipeline.builder().dataRoot(root)
                .jobStorage(JobStorage.onFiles(fs.getPath("/state"), ProcessProbe.local(), CLOCK))
                .detector(detector).embedder(embedder).sampleFps(2).clusterThreshold(0.6)
                .minFaceSize(20).minFaceQuality(0.1).castMinFaces(1).castMinScreenTime(Duration.ofSeconds(1))
                .castMinScreenShare(0.01).castMinQuality(0.2)
                .parallelism(2).heartbeatInterval(Duration.ofMillis(500)).stallAfter(Duration.ofSeconds(3))
                .noProgressAfter(Duration.ofSeconds(12)).clock(CLOCK).ticker(TICKER).stages(STAGES)
                .build();
        try (pipeline) {
            assertThat(pipeline.dataRoot()).isEqualTo(root);
            assertThat(pipeline.stages()).containsExactly(Stage.DETECT);
            assertThat(pipeline.recoverable()).isEmpty();
        }
        assertThat(detector.closed).as("the detector given is the pipeline's").isTrue();
        assertThat(embedder.closed).as("the embedder given is the pipeline's").isTrue();
    }

    /** A builder on this test's data root with stub providers, so that building opens nothing real. */
    private FacePipeline.Builder stubbed() {
        return FacePipeline.builder().dataRoot(fs.getPath("/data")).detector(new StubDetector())
                .embedder(new StubEmbedder());
    }

    private static final class StubDetector implements Detector {
        boolean closed;

        @Override
        public List<Face> detect(Image image) {
            return List.of();
        }

        @Override
        public String modelId() {
            return "stub";
        }

        @Override
        public boolean isThreadSafe() {
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String toString() {
            return "stub detector";
        }
    }

    private static final class StubEmbedder implements Embedder {
        boolean closed;

        @Override
        public float[] embed(Image image, Face face) {
            return new float[] {1};
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public String modelId() {
            return "stub";
        }

        @Override
        public boolean isThreadSafe() {
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String toString() {
            return "stub embedder";
        }
    }
}
