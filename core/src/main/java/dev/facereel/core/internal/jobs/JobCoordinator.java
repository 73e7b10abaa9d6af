package dev.facereel.core.internal.jobs;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.Ticker;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobHealth;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.jobs.Lease;
import dev.facereel.core.jobs.Liveness;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.jobs.LockOwner;
import dev.facereel.core.jobs.ProcessProbe;
import dev.facereel.core.jobs.RuntimeTracker;
import dev.facereel.core.jobs.StallDetector;
import dev.facereel.spi.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, resumes, cancels and inspects durable jobs on top of a {@link JobStore}, {@link RuntimeTracker} and
 * {@link LockManager}; a {@link StallDetector} built from its timings judges whether owners are alive. Knows nothing
 * about faces: a job is a list of stages with units of work. Thread-safe.
 */
public final class JobCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(JobCoordinator.class);

    private final JobStore store;
    private final RuntimeTracker runtime;
    private final LockManager locks;
    private final StallDetector detector;
    private final ProcessProbe probe;
    private final Clock clock;
    private final Ticker ticker;
    private final JobTimings timings;
    private final HeartbeatTimer timer;
    private final Random random;

    public JobCoordinator(JobStore store, RuntimeTracker runtime, LockManager locks, ProcessProbe probe, Clock clock,
                          Ticker ticker, JobTimings timings, HeartbeatTimer timer, Random random) {
        this.store = store;
        this.runtime = runtime;
        this.locks = locks;
        this.detector = new DefaultStallDetector(clock, ticker, probe, timings.stallAfter(), timings.noProgressAfter());
        this.probe = probe;
        this.clock = clock;
        this.ticker = ticker;
        this.timings = timings;
        this.timer = timer;
        this.random = random;
    }

    /**
     * Claims the episode and starts a new job for the given stages. A dead job that held the episode is finished
     * as failed first, naming the job that replaced it.
     *
     * @throws JobAlreadyRunningException when a live job owns the episode
     */
    public JobRun start(EpisodeKey episode, Stage target, List<Stage> stages, Map<String, String> params,
                        Consumer<JobEnvelope> onWrite) {
        JobId id = JobId.create(target, episode, clock.instant(), random.nextInt());
        Lease lease = locks.acquire(episode, id, owner -> isDead(episode, owner));
        try {
            if (lease.isTakeover()) {
                abandon(episode, lease.previous(), lease.epoch(), id);
            }
            JobEnvelope env = JobEnvelope.create(id, episode, target, stages, params, lease.epoch(), clock.instant());
            store.create(env);
            for (Stage s : stages) {
                runtime.setActive(episode, s, id);
            }
            return new JobRun(this, lease, env, onWrite);
        } catch (RuntimeException e) {
            locks.release(lease);
            throw e;
        }
    }

    /**
     * Takes over a dead job and continues it from its checkpoints.
     *
     * @throws JobAlreadyRunningException when the job (or another) is alive
     * @throws InvalidInputException when there is no such job, or it has already ended
     */
    public JobRun resume(JobId id, Consumer<JobEnvelope> onWrite) {
        JobEnvelope env = require(id);
        requireNotEnded(env);
        Lease lease = locks.acquire(env.episode(), id, owner -> isDead(env.episode(), owner), env.leaseEpoch());
        try {
            if (lease.isTakeover() && !lease.previous().jobId().equals(id)) {
                abandon(env.episode(), lease.previous(), lease.epoch(), id);
            }
            // Checked again under the lease: the worker may have ended the job and let the episode go meanwhile.
            JobEnvelope taken = store.update(id, env.leaseEpoch(),
                    e -> requireNotEnded(e).withLeaseEpoch(lease.epoch(), clock.instant()));
            for (Stage s : taken.stages().keySet()) {
                runtime.setActive(env.episode(), s, id);
            }
            LOG.info("Resuming job {} (lease epoch {})", id, lease.epoch());
            return new JobRun(this, lease, taken, onWrite);
        } catch (RuntimeException e) {
            locks.release(lease);
            throw e;
        }
    }

    private static JobEnvelope requireNotEnded(JobEnvelope env) {
        if (env.status().isTerminal()) {
            throw new InvalidInputException("job " + env.id() + " has already ended (" + name(env.status())
                    + "); nothing to resume");
        }
        return env;
    }

    /**
     * Requests cancellation. A live worker stops at its next unit of work or heartbeat; a dead job is finished as
     * canceled here and now (unless another process resumes it first: its worker then sees the request). Returns the
     * envelope as it stands afterwards.
     */
    public JobEnvelope cancel(JobId id) {
        JobEnvelope env = require(id);
        if (env.status().isTerminal()) {
            return env;
        }
        store.requestCancel(id);
        if (health(env).liveness() == Liveness.DEAD) {
            try {
                return finalizeDead(id, JobStatus.CANCELED, "canceled");
            } catch (JobAlreadyRunningException resumed) {
                // Another process resumed the job in the meantime: it sees the request and stops.
                LOG.info("Job {} was resumed while being canceled; its new worker stops at its next unit", id);
            }
        }
        return require(id);
    }

    /**
     * Ends a dead job with the given status: takes its lease, writes the status, clears the runtime entry and
     * releases the lease, so the job is never left running.
     *
     * @throws JobAlreadyRunningException when the job turns out to be alive
     */
    public JobEnvelope finalizeDead(JobId id, JobStatus end, String message) {
        JobEnvelope env = require(id);
        Lease lease = locks.acquire(env.episode(), id, owner -> isDead(env.episode(), owner), env.leaseEpoch());
        try {
            JobEnvelope done = store.update(id, env.leaseEpoch(), e -> e.status().isTerminal() ? e
                    : e.withLeaseEpoch(lease.epoch(), clock.instant()).finish(end, message, clock.instant()));
            runtime.clear(env.episode(), id);
            return done;
        } finally {
            locks.release(lease);
        }
    }

    /**
     * Stops a worker that does not acknowledge a cancel: SIGTERM, then SIGKILL once {@code grace} has passed, then
     * finalises the job as canceled. Works only for owners on this host, other than the calling process.
     *
     * @throws InvalidInputException when the owner runs on another host, or is this process
     */
    public JobEnvelope forceCancel(JobId id, Duration grace, Sleeper sleeper) throws InterruptedException {
        JobEnvelope env = cancel(id);
        if (env.status().isTerminal()) {
            return env;
        }
        if (awaitEnd(id, grace, sleeper)) {
            return require(id);
        }
        Optional<LockOwner> owner = locks.owner(env.episode()).filter(o -> o.jobId().equals(id));
        if (owner.isPresent()) {
            LockOwner o = owner.get();
            if (!o.host().equals(probe.host())) {
                throw new InvalidInputException("job " + id + " runs on host " + o.host() + "; a forced cancel works only on "
                        + "the owner's host");
            }
            if (o.pid() == probe.pid()) {
                throw new InvalidInputException("job " + id + " runs in this process (pid " + o.pid() + "): a forced "
                        + "cancel would terminate the caller itself; it is asked to cancel and stops at its next frame "
                        + "or heartbeat");
            }
            LOG.warn("Job {} did not stop within {}; terminating {}", id, grace, o.describe());
            probe.terminate(o.pid(), false);
            if (!awaitProcessExit(o, grace, sleeper)) {
                probe.terminate(o.pid(), true);
                awaitProcessExit(o, grace, sleeper);
            }
        }
        return require(id).status().isTerminal() ? require(id) : finalizeDead(id, JobStatus.CANCELED, "canceled (forced)");
    }

    /** Waits until the job has ended or {@code timeout} has passed; true if it ended. */
    public boolean awaitEnd(JobId id, Duration timeout, Sleeper sleeper) throws InterruptedException {
        long deadline = ticker.nanos() + timeout.toNanos();
        while (true) {
            if (require(id).status().isTerminal()) {
                return true;
            }
            if (ticker.nanos() >= deadline) {
                return false;
            }
            sleeper.sleep(pollInterval());
        }
    }

    /** The liveness of a job, from its envelope and the episode's lease. */
    public JobHealth health(JobEnvelope env) {
        return detector.assess(env, locks.owner(env.episode()), locks.silence(env.episode()));
    }

    /** The job that owns the episode now, if its lease is held (alive or not). */
    public Optional<JobEnvelope> activeJob(EpisodeKey episode) {
        Optional<JobEnvelope> byLease = locks.owner(episode).flatMap(o -> store.find(o.jobId()))
                .filter(e -> !e.status().isTerminal());
        if (byLease.isPresent()) {
            return byLease;
        }
        return runtime.activeJobs(episode).values().stream().distinct().map(store::find).flatMap(Optional::stream)
                .filter(e -> !e.status().isTerminal()).findFirst();
    }

    /**
     * As {@link #activeJob}, for a caller that was just refused: a claimant that holds the lease but has not created
     * its envelope yet is waited for (until it does, or counts as dead) rather than missed.
     */
    public Optional<JobEnvelope> activeJobOnceClaimed(EpisodeKey episode, Sleeper sleeper) throws InterruptedException {
        while (true) {
            Optional<LockOwner> owner = locks.owner(episode);
            if (owner.isEmpty() || store.find(owner.get().jobId()).isPresent() || isDead(episode, owner.get())) {
                return activeJob(episode);
            }
            sleeper.sleep(pollInterval());
        }
    }

    /** Every job whose envelope says running or pending but whose owner is dead: all of them can be resumed. */
    public List<JobEnvelope> recoverable() {
        List<JobEnvelope> dead = new ArrayList<>();
        for (JobId id : store.jobIds()) {
            try {
                store.find(id).filter(e -> !e.status().isTerminal()).filter(e -> health(e).liveness() == Liveness.DEAD)
                        .ifPresent(dead::add);
            } catch (RuntimeException e) {
                LOG.warn("Skipping job {} in the recovery scan: {}", id, e.getMessage());
            }
        }
        return dead;
    }

    /** The current owner of the episode's lease. */
    public Optional<LockOwner> owner(EpisodeKey episode) {
        return locks.owner(episode);
    }

    /** Every job id in the store, oldest first. */
    public List<JobId> jobIds() {
        return store.jobIds();
    }

    public Optional<JobEnvelope> find(JobId id) {
        return store.find(id);
    }

    public JobEnvelope require(JobId id) {
        return store.find(id).orElseThrow(() -> new InvalidInputException("no job " + id + " in this data root"));
    }

    private boolean isDead(EpisodeKey episode, LockOwner owner) {
        return detector.isDead(owner, store.find(owner.jobId()), locks.silence(episode));
    }

    /**
     * A dead job lost its episode to {@code successor}: finish it as failed so it never reads as running, or as
     * succeeded when all its stages had succeeded (its owner died writing the end). A dead job
     * whose envelope is unreadable cannot be finished; it is left as it is (reading it keeps failing, naming the
     * file) and only its runtime entries are cleared.
     */
    private void abandon(EpisodeKey episode, LockOwner previous, long epoch, JobId successor) {
        Optional<JobEnvelope> dead;
        try {
            dead = store.find(previous.jobId());
        } catch (JobStoreException unreadable) {
            LOG.warn("Job {} died holding episode '{}' and cannot be finished; job {} takes the episode over: {}",
                    previous.jobId(), episode, successor, unreadable.getMessage());
            runtime.clear(episode, previous.jobId());
            return;
        }
        dead.filter(e -> !e.status().isTerminal()).ifPresent(e -> {
            // Every stage done: the owner died recording the end, the job's work is complete.
            boolean done = e.stages().values().stream().allMatch(st -> st.status() == JobStatus.SUCCEEDED
                    || st.status() == JobStatus.SKIPPED);
            store.update(e.id(), e.leaseEpoch(), x -> x.withLeaseEpoch(epoch, clock.instant()).finish(
                    done ? JobStatus.SUCCEEDED : JobStatus.FAILED, done ? null : "abandoned: its owner ("
                            + previous.describe() + ") died and job " + successor + " took the episode over",
                    clock.instant()));
            runtime.clear(e.episode(), e.id());
        });
    }

    private Duration pollInterval() {
        Duration quarter = timings.heartbeatInterval().dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(100)) < 0 ? quarter : Duration.ofMillis(100);
    }

    private boolean awaitProcessExit(LockOwner o, Duration timeout, Sleeper sleeper) throws InterruptedException {
        long deadline = ticker.nanos() + timeout.toNanos();
        while (probe.isAlive(o.pid(), o.processStart())) {
            if (ticker.nanos() >= deadline) {
                return false;
            }
            sleeper.sleep(pollInterval());
        }
        return true;
    }

    private static String name(JobStatus s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }

    JobStore store() {
        return store;
    }

    RuntimeTracker runtime() {
        return runtime;
    }

    LockManager locks() {
        return locks;
    }

    Clock clock() {
        return clock;
    }

    Ticker ticker() {
        return ticker;
    }

    JobTimings timings() {
        return timings;
    }

    HeartbeatTimer timer() {
        return timer;
    }

    /** Waits; replaced in tests by one that advances fake clocks instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        static Sleeper real() {
            return d -> Thread.sleep(Math.max(1, d.toMillis()));
        }
    }
}
