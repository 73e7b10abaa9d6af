package dev.facereel.core.process;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobId;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.jobs.JobCoordinator;
import dev.facereel.core.internal.jobs.JobRun;
import dev.facereel.core.internal.jobs.ScheduledHeartbeatTimer;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker process for the cross-process tests. It talks to the parent through stdout lines and waits for
 * files the parent creates. Modes:
 * <ul>
 *   <li>{@code claim <root> <episode> <goFile|-> <releaseFile>}: prints {@code READY}, waits for the go file,
 *       starts a job and prints {@code CLAIMED <id>} (or {@code REFUSED <winner id> :: <message>} and exits 2),
 *       then holds the job until the release file appears and finishes it.</li>
 *   <li>{@code work <root> <episode> <units> <unitMicros>}: starts a job and works through the units, each one
 *       a pause of {@code unitMicros}, recording the unit just done as the checkpoint.</li>
 *   <li>{@code resume <root> <jobId> <units> <unitMicros> <holdFile|->}: resumes a job, prints
 *       {@code RESUMED <id> FROM <first unit> EPOCH <epoch>}, holds (heartbeating) until the hold file appears,
 *       then works through the remaining units.</li>
 *   <li>{@code stuck <root> <episode> <stuckAtSeq> <continueFile>}: like {@code work}, but the write of heartbeat
 *       {@code stuckAtSeq} pauses after the store has checked the lease epoch and before the file is replaced,
 *       printing {@code IN_WRITE}, until the continue file appears.</li>
 * </ul>
 * Every envelope the worker writes is printed as {@code WROTE <epoch> <heartbeat seq> <updated_at>}. Exit codes:
 * 0 done, 2 refused, 3 lease lost ({@code LEASE LOST} printed), 1 anything else.
 */
public final class JobChild {
    static final int EXIT_REFUSED = 2;
    static final int EXIT_LEASE_LOST = 3;

    private JobChild() {
    }

    public static void main(String[] args) {
        ScheduledHeartbeatTimer timer = new ScheduledHeartbeatTimer();
        int code;
        try {
            code = run(args, timer);
        } catch (JobAlreadyRunningException e) {
            say("REFUSED " + e.jobId() + " :: " + e.getMessage());
            code = EXIT_REFUSED;
        } catch (LeaseLostException e) {
            say("LEASE LOST " + e.getMessage());
            code = EXIT_LEASE_LOST;
        } catch (Throwable e) {
            say("ERROR " + e);
            e.printStackTrace(System.out);
            code = 1;
        }
        timer.close();
        System.out.flush();
        System.exit(code);
    }

    private static int run(String[] args, ScheduledHeartbeatTimer timer) {
        String mode = args[0];
        Path root = Path.of(args[1]);
        switch (mode) {
            case "claim" -> {
                JobCoordinator c = RealJobs.coordinator(root, timer);
                EpisodeKey episode = EpisodeKey.of(args[2]);
                warmUp(c, root, episode);
                say("READY");
                if (!args[3].equals("-")) {
                    awaitFile(Path.of(args[3]), 20);
                }
                long t0 = System.nanoTime();
                JobRun run;
                try {
                    run = c.start(episode, Stage.DETECT, List.of(Stage.DETECT), Map.of(), e -> { });
                } finally {
                    say("TOOK " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                }
                say("CLAIMED " + run.id());
                awaitFile(Path.of(args[4]), 2000);
                run.stageStarted(Stage.DETECT, 1);
                run.stageSucceeded(Stage.DETECT, Map.of());
                run.finish(JobStatus.SUCCEEDED, null);
                say("FINISHED " + run.id());
                return 0;
            }
            case "work" -> {
                JobCoordinator c = RealJobs.coordinator(root, timer);
                long units = Long.parseLong(args[3]);
                JobRun run = c.start(EpisodeKey.of(args[2]), Stage.DETECT, List.of(Stage.DETECT), Map.of(), JobChild::wrote);
                say("STARTED " + run.id() + " EPOCH " + run.lease().epoch());
                return work(run, units, 0, Long.parseLong(args[4]));
            }
            case "resume" -> {
                JobCoordinator c = RealJobs.coordinator(root, timer);
                long units = Long.parseLong(args[3]);
                JobRun run = c.resume(JobId.of(args[2]), JobChild::wrote);
                run.stageStarted(Stage.DETECT, units);
                long from = run.checkpoint(Stage.DETECT) + 1;
                say("RESUMED " + run.id() + " FROM " + from + " EPOCH " + run.lease().epoch());
                if (!args[5].equals("-")) {
                    awaitFile(Path.of(args[5]), 2000);
                }
                return work(run, units, from, Long.parseLong(args[4]));
            }
            case "stuck" -> {
                long stuckAt = Long.parseLong(args[3]);
                Path continueFile = Path.of(args[4]);
                JobCoordinator c = RealJobs.coordinator(root, timer, store -> new PausingStore(store, stuckAt, continueFile));
                JobRun run = c.start(EpisodeKey.of(args[2]), Stage.DETECT, List.of(Stage.DETECT), Map.of(), JobChild::wrote);
                say("STARTED " + run.id() + " EPOCH " + run.lease().epoch());
                return work(run, 1_000_000, 0, 5_000);
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static int work(JobRun run, long units, long from, long unitMicros) {
        try {
            if (from == 0) {
                run.stageStarted(Stage.DETECT, units);
            }
            for (long i = from; i < units; i++) {
                if (unitMicros > 0) {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(unitMicros));
                }
                run.progress(i + 1, i);
            }
            run.stageSucceeded(Stage.DETECT, Map.of("units", Long.toString(units)));
            run.finish(JobStatus.SUCCEEDED, null);
            say("DONE " + run.id());
            return 0;
        } catch (LeaseLostException e) {
            run.finish(JobStatus.FAILED, "lease lost");
            say("LEASE LOST " + e.getMessage());
            return EXIT_LEASE_LOST;
        }
    }

    /** Loads the classes a claim needs, so that the racing children reach {@code start} at about the same time. */
    private static void warmUp(JobCoordinator c, Path root, EpisodeKey episode) {
        JobId.create(Stage.DETECT, episode, java.time.Instant.now(), 1);
        c.activeJob(episode);
        JobStorage.onFiles(root).jobs().jobIds();
        new JobAlreadyRunningException(episode.value(), "x", "y").getMessage();
    }

    private static void wrote(JobEnvelope e) {
        say("WROTE " + e.leaseEpoch() + " " + e.heartbeatSeq() + " " + e.updatedAt());
    }

    static void awaitFile(Path file, long pollMicros) {
        while (!Files.exists(file)) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(pollMicros));
        }
    }

    static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    /**
     * A store whose update pauses inside the change, that is after the stored lease epoch was checked and before
     * the new envelope replaces the file, once the envelope reaches heartbeat {@code stuckAt}.
     */
    private record PausingStore(JobStore delegate, long stuckAt, Path continueFile) implements JobStore {
        @Override
        public void create(JobEnvelope envelope) {
            delegate.create(envelope);
        }

        @Override
        public java.util.Optional<JobEnvelope> find(JobId id) {
            return delegate.find(id);
        }

        @Override
        public JobEnvelope update(JobId id, long expectedEpoch, java.util.function.UnaryOperator<JobEnvelope> change) {
            return delegate.update(id, expectedEpoch, current -> {
                JobEnvelope next = change.apply(current);
                if (next.heartbeatSeq() == stuckAt && current.heartbeatSeq() == stuckAt - 1) {
                    say("IN_WRITE " + current.leaseEpoch() + " " + stuckAt);
                    awaitFile(continueFile, 2000);
                }
                return next;
            });
        }

        @Override
        public void requestCancel(JobId id) {
            delegate.requestCancel(id);
        }

        @Override
        public List<JobId> jobIds() {
            return delegate.jobIds();
        }
    }
}
