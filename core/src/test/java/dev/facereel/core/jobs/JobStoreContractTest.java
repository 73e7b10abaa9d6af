package dev.facereel.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.IllegalJobTransitionException;
import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobStore} must do. Extend it once per implementation and file system. */
public abstract class JobStoreContractTest {
    protected static final Instant T0 = Instant.parse("2026-11-22T10:15:00Z");
    protected static final EpisodeKey EPISODE = EpisodeKey.of("show_s01_e01");
    private JobStore store;

    protected abstract JobStore createStore();

    @BeforeEach
    void open() {
        store = createStore();
    }

    protected static JobEnvelope envelope(String suffix, Instant at) {
        JobId id = JobId.create(Stage.CLUSTER, EPISODE, at, Integer.parseInt(suffix, 16));
        return JobEnvelope.create(id, EPISODE, Stage.CLUSTER, Stage.CLUSTER.withPrerequisites(),
                Map.of("video", "/videos/e01.mp4"), 1, at);
    }

    @Test
    void create_thenFind_roundTripsEveryField() {
        JobEnvelope env = envelope("00a1", T0).withStatus(JobStatus.RUNNING, T0.plusSeconds(1))
                .withStage(Stage.DETECT, s -> s.withStatus(JobStatus.RUNNING, "detect", T0.plusSeconds(1))
                        .withProgress(40, 200, 39, T0.plusSeconds(2)).heartbeat(T0.plusSeconds(2))
                        .withResult(Map.of("faces", "12")), T0.plusSeconds(2));
        store.create(env);

        assertThat(store.find(env.id())).contains(env);
    }

    @Test
    void create_existingId_isRefused() {
        JobEnvelope env = envelope("00a2", T0);
        store.create(env);
        assertThatThrownBy(() -> store.create(env)).isInstanceOf(JobStoreException.class)
                .hasMessageContaining(env.id().value());
    }

    @Test
    void find_unknownJob_isEmpty() {
        assertThat(store.find(envelope("00a3", T0).id())).isEmpty();
    }

    @Test
    void update_withCurrentEpoch_writes_andReturnsNewEnvelope() {
        JobEnvelope env = envelope("00a4", T0);
        store.create(env);
        JobEnvelope next = store.update(env.id(), 1, e -> e.withStatus(JobStatus.RUNNING, T0.plusSeconds(5)));
        assertThat(next.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(store.find(env.id())).contains(next);
    }

    @Test
    void update_withStaleEpoch_isFenced_andWritesNothing() {
        JobEnvelope env = envelope("00a5", T0);
        store.create(env);
        store.update(env.id(), 1, e -> e.withLeaseEpoch(2, T0.plusSeconds(1)));

        assertThatThrownBy(() -> store.update(env.id(), 1, e -> e.withStatus(JobStatus.FAILED, T0.plusSeconds(2))))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("epoch is 2");
        assertThat(store.find(env.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void update_illegalTransition_namesBothStates_andWritesNothing() {
        JobEnvelope env = envelope("00a6", T0);
        store.create(env);
        store.update(env.id(), 1, e -> e.withStatus(JobStatus.RUNNING, T0).finish(JobStatus.SUCCEEDED, null, T0));

        assertThatThrownBy(() -> store.update(env.id(), 1, e -> e.withStatus(JobStatus.RUNNING, T0)))
                .isInstanceOf(IllegalJobTransitionException.class).hasMessageContaining("SUCCEEDED -> RUNNING");
        assertThat(store.find(env.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    /**
     * A worker whose epoch check passed but whose write is delayed past a takeover must not replace its successor's
     * envelope: the store refuses the late write with {@link LeaseLostException}, so that the worker stops.
     */
    @Test
    void update_staleWriteDelayedPastATakeover_doesNotReplaceTheNewEnvelope() {
        JobEnvelope env = envelope("00a8", T0);
        store.create(env);
        JobStore successor = createStore();
        Throwable late = catchThrowable(() -> store.update(env.id(), 1, e -> {
            successor.update(env.id(), 1, x -> x.withLeaseEpoch(2, T0.plusSeconds(3)).withStatus(JobStatus.RUNNING,
                    T0.plusSeconds(3)));
            return e.withStatus(JobStatus.FAILED, T0.plusSeconds(4));
        }));
        assertThat(late).isInstanceOf(LeaseLostException.class);

        JobEnvelope now = store.find(env.id()).orElseThrow();
        assertThat(now.leaseEpoch()).isEqualTo(2);
        assertThat(now.status()).isEqualTo(JobStatus.RUNNING);
        assertThatThrownBy(() -> store.update(env.id(), 1, e -> e)).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void requestCancel_survivesAConcurrentWorkerUpdate() {
        JobEnvelope env = envelope("00a7", T0);
        store.create(env);
        store.requestCancel(env.id());
        JobEnvelope afterHeartbeat = store.update(env.id(), 1, e -> e.withStatus(JobStatus.RUNNING, T0.plusSeconds(1)));

        assertThat(afterHeartbeat.cancelRequested()).isTrue();
        assertThat(store.find(env.id()).orElseThrow().cancelRequested()).isTrue();
    }

    @Test
    void jobIds_listsEveryJob_oldestFirst() {
        JobEnvelope later = envelope("00b1", T0.plusSeconds(60));
        JobEnvelope earlier = envelope("00b2", T0);
        store.create(later);
        store.create(earlier);
        assertThat(store.jobIds()).containsExactly(earlier.id(), later.id());
    }

    @Test
    void jobIds_onEmptyStore_isEmpty() {
        assertThat(store.jobIds()).isEqualTo(List.of());
    }
}
