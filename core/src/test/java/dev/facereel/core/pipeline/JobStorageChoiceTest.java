package dev.facereel.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.ProcessProbe;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pipeline given a job storage keeps its job state there, not under its data root, and closes it. */
class JobStorageChoiceTest {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

    @AfterEach
    void close() throws Exception {
        fs.close();
    }

    @Test
    void jobStorage_isWhereTheRecoveryScanAndCancelLook_andIsClosedWithThePipeline() {
        Path data = fs.getPath("/data");
        Path state = fs.getPath("/elsewhere");
        AtomicInteger closed = new AtomicInteger();
        JobStorage files = JobStorage.onFiles(state, ProcessProbe.local(), Clock.systemUTC());
        JobStorage storage = JobStorage.of(files.jobs(), files.runtime(), files.locks(), files.casts(),
                closed::incrementAndGet);
        EpisodeKey episode = EpisodeKey.of("show_s01_e05");
        Instant now = Instant.now();
        JobEnvelope orphan = JobEnvelope.create(JobId.create(Stage.DETECT, episode, now, 1), episode, Stage.DETECT,
                List.of(Stage.DETECT), Map.of(), 1, now).withStatus(JobStatus.RUNNING, now);
        storage.jobs().create(orphan);

        try (FacePipeline pipeline = FacePipeline.builder().dataRoot(data).jobStorage(storage).build()) {
            assertThat(pipeline.recoverable()).containsExactly(orphan.id().value());
            pipeline.cancel(orphan.id().value());
            assertThat(storage.jobs().find(orphan.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELED);
            assertThat(closed).hasValue(0);
        }
        assertThat(closed).hasValue(1);
        assertThat(Files.exists(data.resolve("jobs"))).isFalse();
        assertThat(Files.exists(state.resolve("jobs").resolve(orphan.id().value()))).isTrue();
    }
}
