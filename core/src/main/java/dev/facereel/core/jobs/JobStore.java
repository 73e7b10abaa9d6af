package dev.facereel.core.jobs;

import dev.facereel.core.JobId;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Creates, reads and updates job envelopes. Writes are atomic: a reader sees the old envelope or the new one,
 * never part of one. Implementations are thread-safe.
 */
public interface JobStore {
    /**
     * Stores a new envelope.
     *
     * @throws dev.facereel.core.JobStoreException when a job with that id exists or the write fails
     */
    void create(JobEnvelope envelope);

    /**
     * The envelope, or empty when there is no such job.
     *
     * @throws dev.facereel.core.JobStoreException when the stored envelope is unreadable
     */
    Optional<JobEnvelope> find(JobId id);

    /**
     * Replaces the envelope with {@code change(current)}, fenced by the lease epoch: the write happens only if
     * the stored envelope still carries {@code expectedEpoch}.
     *
     * @throws dev.facereel.core.LeaseLostException when another worker has taken the job over
     * @throws dev.facereel.core.JobStoreException when the job does not exist or the write fails
     */
    JobEnvelope update(JobId id, long expectedEpoch, UnaryOperator<JobEnvelope> change);

    /**
     * Records a cancel request. Safe to call from any process at any time; it is never lost to a concurrent
     * {@link #update}.
     */
    void requestCancel(JobId id);

    /** Every stored job id, oldest first. */
    List<JobId> jobIds();
}
