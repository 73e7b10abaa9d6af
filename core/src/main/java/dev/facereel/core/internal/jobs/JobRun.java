package dev.facereel.core.internal.jobs;

import dev.facereel.core.JobCanceledException;
import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.Stage;
import dev.facereel.core.Ticker;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.jobs.Lease;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.jobs.RuntimeTracker;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's side of one durable job. It keeps progress in memory, writes it with a heartbeat at most once per
 * interval (on the caller's thread when due, and from a timer when the caller is busy), checks the lease before
 * every write, and sees cancel requests at each heartbeat. {@link #finish} is the one clean-up for success, error
 * and cancel: final status, runtime entry cleared, lease released. Thread-safe.
 */
public final class JobRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

    private final JobStore store;
    private final RuntimeTracker runtime;
    private final LockManager locks;
    private final Clock clock;
    private final Ticker ticker;
    /** How often a worker looks for a cancel request between two heartbeats. */
    private static final int CANCEL_POLLS_PER_INTERVAL = 4;
    private final long intervalNanos;
    private final Lease lease;
    private final Consumer<JobEnvelope> onWrite;
    private final AutoCloseable timer;

    private JobEnvelope last;
    private long lastBeatNanos;
    private long lastCancelPollNanos;
    private long lastProgressNanos;
    private Stage current;
    private long unitsDone;
    private long unitsTotal;
    private long checkpoint = -1;
    private volatile boolean cancelRequested;
    private volatile boolean leaseLost;
    private boolean finished;

    JobRun(JobCoordinator coordinator, Lease lease, JobEnvelope envelope, Consumer<JobEnvelope> onWrite) {
        this.store = coordinator.store();
        this.runtime = coordinator.runtime();
        this.locks = coordinator.locks();
        this.clock = coordinator.clock();
        this.ticker = coordinator.ticker();
        this.intervalNanos = coordinator.timings().heartbeatInterval().toNanos();
        this.lease = lease;
        this.last = envelope;
        this.onWrite = onWrite;
        this.cancelRequested = envelope.cancelRequested();
        this.lastBeatNanos = ticker.nanos();
        this.lastProgressNanos = lastBeatNanos;
        this.lastCancelPollNanos = lastBeatNanos;
        this.timer = coordinator.timer().every(coordinator.timings().heartbeatInterval(), this::heartbeatFromTimer);
    }

    public JobId id() {
        return last.id();
    }

    public Lease lease() {
        return lease;
    }

    /** The envelope as this worker last wrote it. */
    public synchronized JobEnvelope envelope() {
        return last;
    }

    /** The last checkpoint a stage recorded (from this run or one it resumed), or -1. */
    public synchronized long checkpoint(Stage stage) {
        return last.stage(stage).map(s -> s.checkpoint()).orElse(-1L);
    }

    /** Marks a stage as running with the given amount of work, resuming its recorded progress. */
    public synchronized void stageStarted(Stage stage, long total) {
        current = stage;
        unitsTotal = total;
        unitsDone = last.stage(stage).map(s -> s.unitsDone()).orElse(0L);
        checkpoint = checkpoint(stage);
        write(env -> env.withStatus(JobStatus.RUNNING, now()).withStage(stage,
                s -> s.withStatus(JobStatus.RUNNING, "stage " + stage.id() + " of job " + id(), now())
                        .withProgress(unitsDone, total, checkpoint, now()), now()));
        lastBeatNanos = ticker.nanos();
    }

    /**
     * Records progress of the current stage; writes a heartbeat when one is due.
     *
     * @throws JobCanceledException when a cancel request has been seen
     * @throws LeaseLostException when another worker has taken the job over
     */
    public void progress(long done, long newCheckpoint) {
        boolean due;
        boolean poll;
        synchronized (this) {
            unitsDone = done;
            checkpoint = newCheckpoint;
            lastProgressNanos = ticker.nanos();
            due = lastProgressNanos - lastBeatNanos >= intervalNanos;
            poll = !due && lastProgressNanos - lastCancelPollNanos >= intervalNanos / CANCEL_POLLS_PER_INTERVAL;
            if (due || poll) {
                lastCancelPollNanos = lastProgressNanos;
            }
        }
        if (due) {
            heartbeat();
        } else if (poll) {
            pollCancel();
        }
        throwIfStopped();
    }

    /** Reads the envelope between heartbeats, so that a cancel request stops the worker sooner; writes nothing. */
    private void pollCancel() {
        try {
            store.find(id()).filter(JobEnvelope::cancelRequested).ifPresent(env -> cancelRequested = true);
        } catch (JobStoreException unreadable) {
            // The next heartbeat reads and writes the envelope, and reports what is wrong with it.
        }
    }

    /** Whether a heartbeat is due: a worker makes its results durable first, then calls {@link #progress}. */
    public synchronized boolean isHeartbeatDue() {
        return ticker.nanos() - lastBeatNanos >= intervalNanos;
    }

    /** Writes a heartbeat now: sequence +1, updated_at, progress and checkpoint; picks up cancel requests. */
    public synchronized void heartbeat() {
        if (finished || leaseLost || current == null) {
            return;
        }
        Stage stage = current;
        write(env -> env.withStage(stage, s -> s.withProgress(unitsDone, unitsTotal, checkpoint, now()).heartbeat(now()), now()));
        lastBeatNanos = ticker.nanos();
    }

    /** Ends the current stage successfully with its result. */
    public synchronized void stageSucceeded(Stage stage, Map<String, String> result) {
        write(env -> env.withStage(stage, s -> s.withProgress(unitsTotal, unitsTotal, checkpoint, now())
                .withStatus(JobStatus.SUCCEEDED, "stage " + stage.id() + " of job " + id(), now()).withResult(result), now()));
        current = null;
    }

    /**
     * Marks a stage whose outputs are already up to date as skipped, or as succeeded when it is running: an earlier
     * owner of this job published its outputs and died before recording that.
     */
    public synchronized void stageSkipped(Stage stage) {
        write(env -> env.withStage(stage, s -> s.withStatus(s.status() == JobStatus.RUNNING ? JobStatus.SUCCEEDED
                : JobStatus.SKIPPED, "stage " + stage.id() + " of job " + id(), now()), now()));
    }

    /**
     * Stops the caller if the job should stop.
     *
     * @throws JobCanceledException when a cancel request has been seen
     * @throws LeaseLostException when another worker has taken the job over
     */
    public void throwIfStopped() {
        if (leaseLost) {
            throw new LeaseLostException("job " + id() + " was taken over by another worker; this worker stops");
        }
        if (cancelRequested) {
            throw new JobCanceledException("job " + id() + " was canceled");
        }
    }

    /**
     * Checks that this worker still holds its lease, for writes outside the envelope (checkpoints, results).
     *
     * @throws LeaseLostException when another worker has taken the job over
     */
    public void checkLease() {
        boolean holds;
        try {
            holds = !leaseLost && locks.holds(lease);
        } catch (JobStoreException e) {
            holds = false;
        }
        if (!holds) {
            loseLease();
            throw new LeaseLostException("job " + id() + " lost its lease on episode '" + lease.episode()
                    + "' (epoch " + lease.epoch() + "); this worker stops and writes nothing more");
        }
    }

    /** Makes this worker stop at its next unit of work; for a cancel issued in this process, after persisting it. */
    public void stopSoon() {
        cancelRequested = true;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    public boolean isLeaseLost() {
        return leaseLost;
    }

    /**
     * The one clean-up for success, error and cancel: writes the final status (unless the lease was lost), clears
     * the runtime entry, releases the lease and stops heartbeats. Idempotent.
     */
    public void finish(JobStatus end, String message) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        closeTimer();
        try {
            if (!leaseLost) {
                try {
                    write(env -> env.status().isTerminal() ? env
                            : env.status().canBecome(end) ? env.finish(end, message, now())
                            : env.finish(JobStatus.FAILED, "the job could not end as " + end.name().toLowerCase(
                                    java.util.Locale.ROOT) + " from " + env.status().name().toLowerCase(java.util.Locale.ROOT)
                                    + (message == null ? "" : ": " + message), now()));
                } finally {
                    // Even when the final write failed, but never for a worker that has just learnt it lost the lease.
                    if (!leaseLost) {
                        runtime.clear(lease.episode(), id());
                    }
                }
            }
        } catch (LeaseLostException e) {
            LOG.warn("Job {} lost its lease before it could finish; the new owner carries on", id());
        } finally {
            locks.release(lease);
        }
    }

    /** Finishes as failed if nothing else finished the job. */
    @Override
    public void close() {
        finish(JobStatus.FAILED, "the worker stopped without finishing the job");
    }

    private void heartbeatFromTimer() {
        try {
            synchronized (this) {
                // A worker that reports progress beats by itself, at a unit boundary where its checkpoint is
                // durable; the timer only speaks for one that is busy inside a long unit (or stuck).
                long now = ticker.nanos();
                if (now - lastProgressNanos < intervalNanos || now - lastBeatNanos < intervalNanos / 2) {
                    return;
                }
            }
            heartbeat();
        } catch (LeaseLostException e) {
            LOG.warn("{}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat of job {} failed: {}", id(), e.toString());
        }
    }

    private synchronized void write(UnaryOperator<JobEnvelope> change) {
        checkLease();
        try {
            last = store.update(id(), lease.epoch(), change);
        } catch (LeaseLostException e) {
            loseLease();
            throw e;
        }
        cancelRequested = last.cancelRequested();
        onWrite.accept(last);
    }

    private void loseLease() {
        leaseLost = true;
        closeTimer();
    }

    private void closeTimer() {
        try {
            timer.close();
        } catch (Exception e) {
            LOG.debug("closing the heartbeat timer failed", e);
        }
    }

    private java.time.Instant now() {
        return clock.instant();
    }
}
