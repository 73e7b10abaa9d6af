package dev.facereel.jobstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.Episode;
import dev.facereel.core.Stage;
import dev.facereel.core.testing.FakeProcesses;
import dev.facereel.jobstore.postgres.testing.FreshSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EpisodeQueueTest {
    private final FreshSchema schema = new FreshSchema();
    private final EpisodeQueue queue = new PostgresJobStorage(schema.db(), new FakeProcesses().process(1)).queue();

    @AfterEach
    void drop() {
        schema.close();
    }

    private static Episode episode(int n) {
        return new Episode("SHOW_S01_E" + n, Path.of("/videos/e" + n + ".mp4"));
    }

    @Test
    void enqueue_sameEpisodeTwice_keepsOnePendingEntry() {
        QueueEntry first = queue.enqueue(episode(1), Stage.CLUSTER);
        QueueEntry again = queue.enqueue(episode(1), Stage.CLUSTER);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(first.state()).isEqualTo(QueueEntry.State.QUEUED);
        assertThat(first.episode().value()).isEqualTo("show_s01_e1");
        assertThat(first.video()).isEqualTo(Path.of("/videos/e1.mp4").toAbsolutePath().toString());
        assertThat(queue.entries()).hasSize(1);
    }

    @Test
    void claim_eightWorkersAtOnce_takeEveryEntryExactlyOnce_oldestFirst() throws Exception {
        for (int i = 1; i <= 30; i++) {
            queue.enqueue(episode(i), Stage.CLUSTER);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentHashMap<Long, String> claimedBy = new ConcurrentHashMap<>();
        List<Future<Integer>> results = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String worker = "worker-" + w;
            results.add(pool.submit(() -> {
                go.await();
                int mine = 0;
                for (Optional<QueueEntry> e = queue.claim(worker); e.isPresent(); e = queue.claim(worker)) {
                    assertThat(claimedBy.putIfAbsent(e.get().id(), worker)).as("entry %s claimed twice", e.get().id())
                            .isNull();
                    assertThat(e.get().attempt()).isEqualTo(1);
                    mine++;
                }
                return mine;
            }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> f : results) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(total).isEqualTo(30);
        assertThat(claimedBy).hasSize(30);
        assertThat(queue.entries()).allMatch(e -> e.state() == QueueEntry.State.RUNNING && e.worker() != null
                && e.claimAge() != null);
    }

    @Test
    void finish_byAWorkerWhoseEntryWasTakenOver_changesNothing() {
        queue.enqueue(episode(1), Stage.CLUSTER);
        QueueEntry first = queue.claim("a").orElseThrow();
        assertThat(queue.attachJob(first, "cluster_show_s01_e1_20261122T101500Z_0001")).isTrue();
        QueueEntry taken = queue.takeOver(queue.pendingEntries().get(0), "b").orElseThrow();

        assertThat(taken.attempt()).isEqualTo(2);
        assertThat(taken.jobId()).isEqualTo("cluster_show_s01_e1_20261122T101500Z_0001");
        assertThat(queue.finish(first, QueueEntry.State.FAILED, "late")).isFalse();
        assertThat(queue.takeOver(first, "c")).isEmpty();
        assertThat(queue.finish(taken, QueueEntry.State.DONE, null)).isTrue();
        assertThat(queue.latest("SHOW_S01_E1").orElseThrow().state()).isEqualTo(QueueEntry.State.DONE);
        assertThat(queue.finish(taken, QueueEntry.State.FAILED, "twice")).isFalse();
    }

    @Test
    void requeue_andCancelWaiting_moveTheEntryBackAndOut() {
        queue.enqueue(episode(1), Stage.DETECT);
        QueueEntry claimed = queue.claim("a").orElseThrow();
        assertThat(queue.requeue(claimed)).isTrue();
        assertThat(queue.pending("SHOW_S01_E1").orElseThrow().state()).isEqualTo(QueueEntry.State.QUEUED);

        assertThat(queue.cancelWaiting("SHOW_S01_E1")).isTrue();
        assertThat(queue.pending("SHOW_S01_E1")).isEmpty();
        assertThat(queue.claim("a")).isEmpty();
        assertThat(queue.latest("SHOW_S01_E1").orElseThrow().error()).contains("before a worker claimed it");
    }

    @Test
    void finish_withAPendingState_isRefusedNamingIt() {
        queue.enqueue(episode(1), Stage.DETECT);
        QueueEntry claimed = queue.claim("a").orElseThrow();
        assertThatThrownBy(() -> queue.finish(claimed, QueueEntry.State.QUEUED, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not queued");
    }
}
