package dev.facereel.core.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the file store leaves in a job's folder when a paused worker's write arrives after a takeover. */
class FileJobStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:15:00Z");
    private static final EpisodeKey EPISODE = EpisodeKey.of("show_s01_e01");
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path root = fs.getPath("/data");

    @AfterEach
    void close() throws Exception {
        fs.close();
    }

    @Test
    void lateWriteOfAPausedWorker_isRefused_andLeavesOnlyTheSuccessorsEnvelope() throws Exception {
        JobId id = JobId.create(Stage.DETECT, EPISODE, T0, 0xa1);
        FileJobStore paused = new FileJobStore(root);
        FileJobStore successor = new FileJobStore(root);
        paused.create(JobEnvelope.create(id, EPISODE, Stage.DETECT, Stage.DETECT.withPrerequisites(), Map.of(), 1, T0));
        // The paused worker's epoch check has passed; it wakes after the successor took over and finished.
        assertThatThrownBy(() -> paused.update(id, 1, stale -> {
            successor.update(id, 1, e -> e.withLeaseEpoch(2, T0.plusSeconds(3)).withStatus(JobStatus.RUNNING, T0.plusSeconds(3)));
            successor.update(id, 2, e -> e.withStatus(JobStatus.SUCCEEDED, T0.plusSeconds(9)));
            return stale.withStatus(JobStatus.RUNNING, T0.plusSeconds(10));
        })).isInstanceOf(LeaseLostException.class).hasMessageContaining("epoch is 2");

        try (Stream<Path> files = Files.list(new DataLayout(root).jobDir(id))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("meta.2.json");
        }
        assertThat(paused.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }
}
