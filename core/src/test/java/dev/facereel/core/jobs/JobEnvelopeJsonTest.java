package dev.facereel.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobEnvelopeJsonTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:15:00Z");
    private static final EpisodeKey EPISODE = EpisodeKey.of("show_s01_e04");

    @Test
    void toJson_thenFromJson_roundTripsEveryField() {
        JobEnvelope env = JobEnvelope.create(JobId.create(Stage.CLUSTER, EPISODE, T0, 5), EPISODE, Stage.CLUSTER,
                        Stage.CLUSTER.withPrerequisites(), Map.of("video", "/v.mp4"), 3, T0)
                .withStatus(JobStatus.RUNNING, T0.plusSeconds(1))
                .withStage(Stage.DETECT, s -> s.withStatus(JobStatus.RUNNING, "detect", T0.plusSeconds(1))
                        .withProgress(7, 70, 6, T0.plusSeconds(2)).heartbeat(T0.plusSeconds(2)), T0.plusSeconds(2))
                .withCancelRequested();

        assertThat(JobEnvelope.fromJson(env.toJson(), "test")).isEqualTo(env);
        assertThat(new String(env.toJson(), StandardCharsets.UTF_8)).contains("\"schema\" : 1");
    }

    @Test
    void fromJson_notAnEnvelope_namesTheSourceAndWhatWasExpected() {
        assertThatThrownBy(() -> JobEnvelope.fromJson("{\"schema\":1}".getBytes(StandardCharsets.UTF_8), "row x of table jobs"))
                .isInstanceOf(JobStoreException.class).hasMessageContaining("row x of table jobs")
                .hasMessageContaining("a job envelope (schema 1)");
        assertThatThrownBy(() -> JobEnvelope.fromJson(new byte[0], "row y"))
                .isInstanceOf(JobStoreException.class).hasMessageContaining("row y").hasMessageContaining("empty");
    }
}
