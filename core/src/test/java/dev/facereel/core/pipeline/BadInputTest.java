package dev.facereel.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobHandle;
import dev.facereel.core.Stage;
import dev.facereel.core.StageStatus;
import dev.facereel.core.testing.BrokenVideos;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input ends the job as failed with an {@link InvalidInputException} naming the culprit, clears the runtime
 * record and the lease, and leaves the episode's earlier results as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private static final String EPISODE = "bad_e1";
    private Path tmp;
    private Path root;
    private FacePipeline pipeline;
    private byte[] goodClusters;
    private byte[] goodFaces;

    @BeforeAll
    void analyseTheGoodVideoFirst(@TempDir Path dir) throws Exception {
        tmp = dir;
        root = tmp.resolve("data");
        pipeline = FacePipeline.builder().dataRoot(root).sampleFps(1).build();
        pipeline.submit(new Episode(EPISODE, SharedAssets.media("episode_synth.mp4")), Stage.CLUSTER).await();
        goodClusters = Files.readAllBytes(episodeDir().resolve("cluster/clusters.json"));
        goodFaces = Files.readAllBytes(episodeDir().resolve("detect/faces.jsonl"));
    }

    @AfterAll
    void close() {
        pipeline.close();
    }

    private Path episodeDir() {
        return root.resolve("episodes").resolve(EPISODE);
    }

    private void assertFailedCleanly(Path video, String... messageParts) throws Exception {
        JobHandle job = pipeline.submit(new Episode(EPISODE, video), Stage.CLUSTER);
        var thrown = assertThatThrownBy(job::await).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(video.toString());
        for (String part : messageParts) {
            thrown.hasMessageContaining(part);
        }
        EpisodeStatus status = pipeline.status(EPISODE);
        assertThat(status.activeJobId()).isNull();
        assertThat(status.stages().get(Stage.DETECT).status()).isEqualTo(StageStatus.FAILED);
        assertThat(status.stages().get(Stage.DETECT).message()).contains(video.toString());
        assertThat(episodeDir().resolve("lease.json")).doesNotExist();
        assertThat(Files.readString(episodeDir().resolve("runtime.json"))).contains("\"active_jobs\" : { }");
        assertThat(Files.readAllBytes(episodeDir().resolve("cluster/clusters.json"))).isEqualTo(goodClusters);
        assertThat(Files.readAllBytes(episodeDir().resolve("detect/faces.jsonl"))).isEqualTo(goodFaces);
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void truncatedVideo_processesWhatDecodes_thenFailsNamingTruncation() throws Exception {
        Path whole = BrokenVideos.fastStart(SharedAssets.media("episode_synth.mp4"), tmp.resolve("whole.mp4"));
        assertFailedCleanly(BrokenVideos.truncated(whole, 0.6, tmp.resolve("cut.mp4")), "truncated");
    }

    @Test
    void randomBytesNamedMp4_fails() throws Exception {
        assertFailedCleanly(BrokenVideos.randomBytes(tmp.resolve("noise.mp4"), 50_000));
    }

    @Test
    void zeroLengthFile_fails() throws Exception {
        assertFailedCleanly(Files.createFile(tmp.resolve("empty.mp4")), "empty");
    }

    @Test
    void missingVideo_isRefusedBeforeAnyJobStarts() {
        Path missing = tmp.resolve("missing.mp4");
        assertThatThrownBy(() -> pipeline.submit(new Episode(EPISODE, missing), Stage.CLUSTER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThat(pipeline.status(EPISODE).activeJobId()).isNull();
    }

    @Test
    void missingModel_isRefusedWhenThePipelineIsBuilt() {
        Path model = tmp.resolve("nowhere/model.onnx");
        assertThatThrownBy(() -> FacePipeline.builder().dataRoot(root)
                .detector("opencv-haar", ProviderConfig.ofModel(model)).build())
                .isInstanceOf(InvalidInputException.class);
        assertThat(pipeline.recoverable()).isEmpty();
    }
}
