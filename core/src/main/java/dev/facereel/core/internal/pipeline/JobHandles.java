package dev.facereel.core.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facereel.core.JobCanceledException;
import dev.facereel.core.JobHandle;
import dev.facereel.core.ProgressEvent;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.jobs.JobCoordinator;
import dev.facereel.core.internal.jobs.JobRun;
import dev.facereel.core.internal.jobs.JobTimings;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.spi.FaceReelException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** The two kinds of {@link JobHandle}: a job run by this pipeline, and one observed through the data root. */
public final class JobHandles {
    private JobHandles() {
    }

    public static Local local(JobCoordinator coordinator) {
        return new Local(coordinator);
    }

    public static JobHandle remote(JobCoordinator coordinator, DataLayout layout, JobEnvelope env, JobTimings timings) {
        return new Remote(coordinator, layout, env, timings);
    }

    /** Keeps the latest progress event and hands each new one to the listeners. */
    private abstract static class Listened implements JobHandle {
        private final List<Consumer<ProgressEvent>> listeners = new CopyOnWriteArrayList<>();
        private volatile ProgressEvent latest;

        /** Records and announces an event, unless it equals the latest. */
        final void publish(ProgressEvent event) {
            if (event.equals(latest)) {
                return;
            }
            latest = event;
            listeners.forEach(l -> l.accept(event));
        }

        final Optional<ProgressEvent> last() {
            return Optional.ofNullable(latest);
        }

        @Override
        public void onProgress(Consumer<ProgressEvent> listener) {
            listeners.add(listener);
            ProgressEvent e = latest;
            if (e != null) {
                listener.accept(e);
            }
        }
    }

    /** A job this pipeline runs: events arrive directly from the runner. */
    public static final class Local extends Listened {
        private final JobCoordinator coordinator;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private volatile JobRun run;

        private Local(JobCoordinator coordinator) {
            this.coordinator = coordinator;
        }

        public void bind(JobRun jobRun) {
            this.run = jobRun;
        }

        /** Delivers a progress event of this job. */
        public void progress(ProgressEvent event) {
            publish(event);
        }

        public void complete(Throwable failure) {
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        }

        @Override
        public String jobId() {
            return run.id().value();
        }

        @Override
        public Optional<ProgressEvent> latest() {
            return last();
        }

        @Override
        public void await() throws InterruptedException {
            try {
                done.get();
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            }
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            try {
                done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return true;
            }
        }

        @Override
        public void cancel() {
            coordinator.cancel(run.id());
            run.stopSoon();
        }

        private static RuntimeException rethrow(Throwable cause) {
            if (cause instanceof RuntimeException re) {
                return re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            return new FaceReelException("job failed: " + cause, cause);
        }
    }

    /** A job observed through its envelope and {@code pipeline_state.json}; polls about four times a heartbeat. */
    private static final class Remote extends Listened {
        private final JobCoordinator coordinator;
        private final DataLayout layout;
        private final JobEnvelope first;
        private final Duration poll;

        Remote(JobCoordinator coordinator, DataLayout layout, JobEnvelope env, JobTimings timings) {
            this.coordinator = coordinator;
            this.layout = layout;
            this.first = env;
            Duration quarter = timings.heartbeatInterval().dividedBy(4);
            this.poll = quarter.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : quarter;
            refresh();
        }

        @Override
        public String jobId() {
            return first.id().value();
        }

        @Override
        public Optional<ProgressEvent> latest() {
            refresh();
            return last();
        }

        @Override
        public void await() throws InterruptedException {
            while (!await(Duration.ofHours(1))) {
                // keep waiting
            }
            JobEnvelope env = coordinator.require(first.id());
            if (env.status() == JobStatus.CANCELED) {
                throw new JobCanceledException("job " + env.id() + " was canceled");
            }
            if (env.status() == JobStatus.FAILED) {
                throw new FaceReelException("job " + env.id() + " failed: " + env.error());
            }
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            boolean ended = coordinator.awaitEnd(first.id(), timeout, d -> {
                refresh();
                Thread.sleep(poll.toMillis());
            });
            refresh();
            return ended;
        }

        @Override
        public void cancel() {
            PipelineRunner.recordEnd(layout, coordinator.cancel(first.id()));
        }

        private void refresh() {
            ProgressSnapshot.read(layout, first.episode()).filter(e -> first.id().value().equals(e.jobId()))
                    .ifPresent(this::publish);
        }
    }
}
