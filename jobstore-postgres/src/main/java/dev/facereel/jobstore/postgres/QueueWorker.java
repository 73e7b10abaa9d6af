package dev.facereel.jobstore.postgres;

import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobCanceledException;
import dev.facereel.core.JobHandle;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.StageReport;
import dev.facereel.core.StageStatus;
import dev.facereel.core.jobs.ProcessProbe;
import dev.facereel.spi.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls episodes from an {@link EpisodeQueue} and runs each through a {@link FacePipeline} whose job storage is the
 * same database. Each of its {@code concurrency} slots has a pipeline of its own (so providers that are not
 * thread-safe are never shared) and loops: claim the oldest waiting entry, else take over a running entry whose job
 * is dead (its worker died: the job resumes from its checkpoints), else wait {@code pollInterval}. A finished job
 * ends its entry as done, failed or canceled; a worker that lost its lease leaves the entry to its successor.
 * {@link #stop} cancels the running jobs and puts their entries back in the queue. Thread-safe.
 */
public final class QueueWorker {
    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

    private final EpisodeQueue queue;
    private final Supplier<FacePipeline> pipelines;
    private final int concurrency;
    private final Duration pollInterval;
    private final Duration stallAfter;
    private final String name;
    private final boolean exitWhenIdle;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final ConcurrentHashMap<String, JobHandle> running = new ConcurrentHashMap<>();

    private QueueWorker(Builder b) {
        this.queue = b.queue;
        this.pipelines = b.pipelines;
        this.concurrency = b.concurrency;
        this.pollInterval = b.pollInterval;
        this.stallAfter = b.stallAfter;
        this.name = b.name;
        this.exitWhenIdle = b.exitWhenIdle;
    }

    /**
     * A worker on {@code queue}; {@code pipelines} makes one pipeline per slot, each with a job storage on the same
     * database as the queue. The worker closes them.
     */
    public static Builder builder(EpisodeQueue queue, Supplier<FacePipeline> pipelines) {
        return new Builder(queue, pipelines);
    }

    /**
     * Runs the slots until {@link #stop} (or, with {@code exitWhenIdle}, until nothing is queued or running).
     *
     * @throws InterruptedException when the calling thread is interrupted; the slots are stopped first
     */
    public void run() throws InterruptedException {
        List<Thread> slots = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 1; i <= concurrency; i++) {
            String slot = concurrency == 1 ? name : name + "/" + i;
            Thread t = new Thread(() -> {
                try (FacePipeline pipeline = pipelines.get()) {
                    loop(slot, pipeline);
                } catch (RuntimeException | Error e) {
                    LOG.error("Worker {} stopped: {}", slot, e.toString());
                    synchronized (failures) {
                        failures.add(e);
                    }
                    stop();
                }
            }, "facereel-worker-" + i);
            t.start();
            slots.add(t);
        }
        try {
            for (Thread t : slots) {
                t.join();
            }
        } catch (InterruptedException e) {
            stop();
            for (Thread t : slots) {
                t.join();
            }
            throw e;
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            if (first instanceof RuntimeException re) {
                throw re;
            }
            throw (Error) first;
        }
    }

    /** Makes {@link #run} return: running jobs are canceled (checkpoints kept) and their entries requeued. */
    public void stop() {
        stopping.countDown();
        running.values().forEach(JobHandle::cancel);
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
    }

    private void loop(String slot, FacePipeline pipeline) {
        while (!stopped()) {
            Optional<QueueEntry> next = queue.claim(slot);
            if (next.isEmpty()) {
                next = recover(slot, pipeline);
            }
            if (next.isPresent()) {
                process(slot, pipeline, next.get());
                continue;
            }
            if (exitWhenIdle && queue.pendingEntries().isEmpty()) {
                return;
            }
            try {
                stopping.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Looks at the running entries: takes over one whose job is dead (or that never got a job within
     * {@code stallAfter} of its claim), and ends those whose job has ended without its worker saying so.
     */
    private Optional<QueueEntry> recover(String slot, FacePipeline pipeline) {
        for (QueueEntry e : queue.pendingEntries()) {
            if (e.state() != QueueEntry.State.RUNNING) {
                continue;
            }
            if (e.jobId() == null) {
                if (e.claimAge() != null && e.claimAge().compareTo(stallAfter) > 0) {
                    Optional<QueueEntry> mine = queue.takeOver(e, slot);
                    if (mine.isPresent()) {
                        LOG.info("Took over queue entry {} (episode {}): {} claimed it {} s ago and started no job", e.id(),
                                e.episodeId(), e.worker(), e.claimAge().toSeconds());
                        return mine;
                    }
                }
                continue;
            }
            EpisodeStatus status = pipeline.status(e.episodeId());
            if (e.jobId().equals(status.activeJobId())) {
                Optional<StageReport> dead = status.stages().values().stream()
                        .filter(r -> e.jobId().equals(r.jobId()) && r.status() == StageStatus.DEAD).findFirst();
                if (dead.isPresent()) {
                    Optional<QueueEntry> mine = queue.takeOver(e, slot);
                    if (mine.isPresent()) {
                        LOG.info("Took over queue entry {} (episode {}) from {}: job {} is dead ({})", e.id(),
                                e.episodeId(), e.worker(), e.jobId(), dead.get().message());
                        return mine;
                    }
                }
            } else {
                endAsItsJobDid(e, status);
            }
        }
        return Optional.empty();
    }

    /** The entry's job is no longer active: end the entry the way the job ended. */
    private void endAsItsJobDid(QueueEntry e, EpisodeStatus status) {
        StageReport target = status.stages().get(e.target());
        QueueEntry.State end;
        String error;
        if (e.jobId().equals(target.jobId())) {
            end = switch (target.status()) {
                case SUCCEEDED -> QueueEntry.State.DONE;
                case CANCELED -> QueueEntry.State.CANCELED;
                default -> QueueEntry.State.FAILED;
            };
            error = end == QueueEntry.State.DONE ? null : target.message();
        } else {
            end = QueueEntry.State.FAILED;
            error = "job " + e.jobId() + " ended without bringing " + e.target().id() + " up to date";
        }
        if (queue.finish(e, end, error)) {
            LOG.info("Queue entry {} (episode {}) ended {} with its job {}", e.id(), e.episodeId(), end.id(), e.jobId());
        }
    }

    private void process(String slot, FacePipeline pipeline, QueueEntry entry) {
        LOG.info("Worker {} runs queue entry {} (episode {}, attempt {}{})", slot, entry.id(), entry.episodeId(),
                entry.attempt(), entry.jobId() == null ? "" : ", resuming job " + entry.jobId());
        JobHandle job;
        try {
            if (entry.jobId() == null) {
                Episode episode = new Episode(entry.episodeId(), pipeline.dataRoot().getFileSystem().getPath(entry.video()));
                job = pipeline.submit(episode, entry.target());
                if (!queue.attachJob(entry, job.jobId())) {
                    LOG.warn("Queue entry {} was taken over while job {} started; canceling it", entry.id(), job.jobId());
                    job.cancel();
                    awaitQuietly(job);
                    return;
                }
            } else {
                job = pipeline.resume(entry.jobId());
            }
        } catch (JobAlreadyRunningException e) {
            LOG.info("Episode {} is owned by live job {} ({}); queue entry {} follows it", entry.episodeId(), e.jobId(),
                    e.owner(), entry.id());
            queue.attachJob(entry, e.jobId());
            return;
        } catch (InvalidInputException e) {
            if (entry.jobId() != null) {
                endAsItsJobDid(entry, pipeline.status(entry.episodeId()));
            } else {
                queue.finish(entry, QueueEntry.State.FAILED, e.getMessage());
            }
            return;
        }
        running.put(slot, job);
        if (stopped()) {
            job.cancel();
        }
        try {
            job.await();
            finish(entry, QueueEntry.State.DONE, null);
        } catch (JobCanceledException e) {
            if (stopped()) {
                queue.requeue(entry);
                LOG.info("Queue entry {} (episode {}) goes back to the queue: this worker stops", entry.id(),
                        entry.episodeId());
            } else {
                finish(entry, QueueEntry.State.CANCELED, e.getMessage());
            }
        } catch (LeaseLostException e) {
            LOG.warn("Worker {} lost job {} of queue entry {} to another worker: {}", slot, job.jobId(), entry.id(),
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            finish(entry, QueueEntry.State.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            running.remove(slot);
        }
    }

    private void finish(QueueEntry entry, QueueEntry.State end, String error) {
        if (queue.finish(entry, end, error)) {
            LOG.info("Queue entry {} (episode {}) {}", entry.id(), entry.episodeId(), end.id());
        } else {
            LOG.warn("Queue entry {} (episode {}) was taken over by another worker; leaving it as it is", entry.id(),
                    entry.episodeId());
        }
    }

    private static void awaitQuietly(JobHandle job) {
        try {
            job.await(Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures a {@link QueueWorker}. Not thread-safe. */
    public static final class Builder {
        private final EpisodeQueue queue;
        private final Supplier<FacePipeline> pipelines;
        private int concurrency = 1;
        private Duration pollInterval = Duration.ofMillis(500);
        private Duration stallAfter = Duration.ofSeconds(30);
        private String name = ProcessProbe.local().host() + ":" + ProcessProbe.local().pid();
        private boolean exitWhenIdle;

        private Builder(EpisodeQueue queue, Supplier<FacePipeline> pipelines) {
            this.queue = Objects.requireNonNull(queue, "queue");
            this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
        }

        /** Episodes run at once, each in a pipeline of its own (default 1). */
        public Builder concurrency(int slots) {
            if (slots < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, got " + slots);
            }
            this.concurrency = slots;
            return this;
        }

        /** How long an idle slot waits before it looks at the queue again (default 500 ms). */
        public Builder pollInterval(Duration d) {
            this.pollInterval = positive("pollInterval", d);
            return this;
        }

        /**
         * The pipelines' {@code stallAfter} (default 30 s): an entry claimed this long ago that still has no job is
         * taken over.
         */
        public Builder stallAfter(Duration d) {
            this.stallAfter = positive("stallAfter", d);
            return this;
        }

        /** How this worker names itself in the queue (default {@code host:pid}). */
        public Builder name(String worker) {
            this.name = Objects.requireNonNull(worker, "name");
            return this;
        }

        /** Return from {@link #run} once nothing is queued or running (default false: wait for more). */
        public Builder exitWhenIdle(boolean exit) {
            this.exitWhenIdle = exit;
            return this;
        }

        public QueueWorker build() {
            return new QueueWorker(this);
        }

        private static Duration positive(String what, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
