package dev.facereel.core.jobs;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Claims episodes so that at most one live job works on each, across threads and processes. A claim whose
 * owner is dead is taken over with a higher epoch; the old owner learns it has lost the lease through
 * {@link #holds}. Implementations are thread-safe.
 */
public interface LockManager {
    /**
     * Claims the episode for the job. If another owner holds it and {@code isDead} says that owner is dead (or
     * the OS proves its process gone), the claim is taken over.
     *
     * @throws dev.facereel.core.JobAlreadyRunningException naming the live owner's job
     * @throws dev.facereel.core.JobStoreException when the lock state is unreadable and cannot be recovered safely
     */
    Lease acquire(EpisodeKey episode, JobId job, Predicate<LockOwner> isDead);

    /**
     * As {@link #acquire(EpisodeKey, JobId, Predicate)} for a job whose envelope already carries lease epoch
     * {@code above} (one being resumed or ended): the new lease's epoch is higher, so that a job's epochs only grow
     * even after the episode was let go. This default suits lock managers whose epochs never restart; it refuses
     * (releasing the claim) if one would not be higher.
     *
     * @throws dev.facereel.core.JobStoreException when the lease's epoch would not be above {@code above}
     */
    default Lease acquire(EpisodeKey episode, JobId job, Predicate<LockOwner> isDead, long above) {
        Lease lease = acquire(episode, job, isDead);
        if (lease.epoch() <= above) {
            release(lease);
            throw new dev.facereel.core.JobStoreException("the lease of episode '" + episode + "' for job " + job
                    + " came at epoch " + lease.epoch() + ", not above the job's epoch " + above);
        }
        return lease;
    }

    /** The current owner of the episode's lease, if any. */
    Optional<LockOwner> owner(EpisodeKey episode);

    /** Whether the lease is still the current one (same job and epoch): the fence every worker write passes. */
    boolean holds(Lease lease);

    /** Gives the claim up if it is still current. Idempotent. */
    void release(Lease lease);

    /**
     * How long the holder of the episode's lease has been silent (since its claim or its last fenced envelope
     * write), measured on this lock manager's own clock: for a database, the server's clock, the same for every
     * host. Empty when nobody holds the lease, or when the lock manager keeps no such clock and the envelope's
     * timestamps decide (files).
     */
    default Optional<Duration> silence(EpisodeKey episode) {
        return Optional.empty();
    }
}
