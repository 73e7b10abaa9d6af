package dev.facereel.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link LockManager} must do. Extend it once per implementation and file system. */
public abstract class LockManagerContractTest {
    protected static final Instant T0 = Instant.parse("2026-11-22T10:15:00Z");
    private static final EpisodeKey EPISODE = EpisodeKey.of("show_s01_e02");
    private LockManager locks;

    /** A lock manager that sees this process as the given pid (same host for all of them). */
    protected abstract LockManager createLockManager(long pid);

    @BeforeEach
    void open() {
        locks = createLockManager(100);
    }

    private static JobId job(int n) {
        return JobId.create(Stage.DETECT, EPISODE, T0, n);
    }

    @Test
    void acquire_freeEpisode_givesEpochOneLease_andRecordsOwner() {
        Lease lease = locks.acquire(EPISODE, job(1), o -> false);
        assertThat(lease.epoch()).isEqualTo(1);
        assertThat(lease.isTakeover()).isFalse();
        assertThat(locks.owner(EPISODE)).contains(lease.owner());
        assertThat(locks.holds(lease)).isTrue();
        locks.release(lease);
    }

    @Test
    void acquire_whenHolderIsAlive_isRefusedNamingTheHolder() {
        Lease lease = locks.acquire(EPISODE, job(1), o -> false);
        LockManager other = createLockManager(200);
        assertThatThrownBy(() -> other.acquire(EPISODE, job(2), o -> false))
                .isInstanceOf(JobAlreadyRunningException.class).hasMessageContaining(job(1).value());
        locks.release(lease);
    }

    @Test
    void acquire_whenHolderIsDead_takesOverWithHigherEpoch_andOldLeaseIsFenced() {
        Lease old = locks.acquire(EPISODE, job(1), o -> false);
        LockManager other = createLockManager(200);
        Lease taken = other.acquire(EPISODE, job(1), o -> o.pid() == 100);

        assertThat(taken.epoch()).isEqualTo(old.epoch() + 1);
        assertThat(taken.previous()).isEqualTo(old.owner());
        assertThat(locks.holds(old)).isFalse();
        assertThat(other.holds(taken)).isTrue();

        locks.release(old);
        assertThat(other.owner(EPISODE)).contains(taken.owner());
        other.release(taken);
        assertThat(other.owner(EPISODE)).isEmpty();
    }

    @Test
    void acquireAbove_afterTheEpisodeWasLetGo_givesAHigherEpochThanTheJobHad() {
        Lease first = locks.acquire(EPISODE, job(1), o -> false);
        LockManager other = createLockManager(200);
        Lease taken = other.acquire(EPISODE, job(1), o -> o.pid() == 100);
        other.release(taken);

        Lease again = createLockManager(300).acquire(EPISODE, job(1), o -> false, taken.epoch());
        assertThat(again.epoch()).isGreaterThan(taken.epoch());
        assertThat(again.isTakeover()).isFalse();
        assertThat(locks.holds(first)).isFalse();
        createLockManager(300).release(again);
        assertThat(locks.owner(EPISODE)).isEmpty();
    }

    @Test
    void release_isIdempotent_andEpisodeCanBeClaimedAgain() {
        Lease lease = locks.acquire(EPISODE, job(1), o -> false);
        locks.release(lease);
        locks.release(lease);
        Lease again = locks.acquire(EPISODE, job(2), o -> false);
        assertThat(locks.holds(again)).isTrue();
        locks.release(again);
    }

    @Test
    void acquire_manyThreadsAtOnce_exactlyOneWins() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Lease>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            LockManager manager = createLockManager(300 + i);
            JobId id = job(10 + i);
            results.add(pool.submit(() -> {
                go.await();
                return manager.acquire(EPISODE, id, o -> false);
            }));
        }
        go.countDown();
        List<Lease> won = new ArrayList<>();
        int refused = 0;
        for (Future<Lease> f : results) {
            try {
                won.add(f.get(10, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(JobAlreadyRunningException.class);
                refused++;
            }
        }
        pool.shutdown();
        assertThat(won).hasSize(1);
        assertThat(refused).isEqualTo(threads - 1);
        locks.release(won.get(0));
    }

    @Test
    void twoTakeoversOfOneDeadOwner_onlyOneSucceeds() {
        Lease dead = locks.acquire(EPISODE, job(1), o -> false);
        LockManager a = createLockManager(201);
        LockManager b = createLockManager(202);
        Lease winner = a.acquire(EPISODE, job(1), o -> o.pid() == 100);
        assertThatThrownBy(() -> b.acquire(EPISODE, job(1), o -> o.pid() == 100))
                .isInstanceOf(JobAlreadyRunningException.class);
        a.release(winner);
        locks.release(dead);
    }
}
