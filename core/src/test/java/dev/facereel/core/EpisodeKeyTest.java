package dev.facereel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.jobs.JobStatus;
import dev.facereel.spi.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EpisodeKeyTest {
    @Test
    void of_dateStampedId_isLowerCasedAndStripped() {
        assertThat(EpisodeKey.of("RHOBH_S05_E03_11062025").value()).isEqualTo("rhobh_s05_e03");
        assertThat(EpisodeKey.of("Show-1").value()).isEqualTo("show-1");
        assertThat(EpisodeKey.of("ep_1234567").value()).isEqualTo("ep_1234567");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "..", "../x", "a/b", "a\\b", "tab\there", "nul\u0000", "é", "_lead"})
    void of_idThatCouldEscapeTheRoot_isRejected(String bad) {
        assertThatThrownBy(() -> EpisodeKey.of(bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid episode id");
    }

    @Test
    void jobId_create_isReadable_andParsesBack() {
        JobId id = JobId.create(Stage.DETECT, EpisodeKey.of("rhobh_s05_e03"), Instant.parse("2026-11-22T10:15:00Z"), 0x3f9a);
        assertThat(id.value()).isEqualTo("detect_rhobh_s05_e03_20261122T101500Z_3f9a");
        assertThat(JobId.of(id.value())).isEqualTo(id);
        assertThatThrownBy(() -> JobId.of("../../etc")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid job id");
    }

    @Test
    void jobStatus_table_allowsOnlyForwardChanges() {
        assertThat(JobStatus.PENDING.canBecome(JobStatus.RUNNING)).isTrue();
        assertThat(JobStatus.RUNNING.canBecome(JobStatus.CANCELED)).isTrue();
        assertThat(JobStatus.CANCELED.canBecome(JobStatus.RUNNING)).isFalse();
        assertThatThrownBy(() -> JobStatus.FAILED.to(JobStatus.SUCCEEDED, "job x"))
                .isInstanceOf(IllegalJobTransitionException.class).hasMessageContaining("FAILED -> SUCCEEDED");
    }
}
