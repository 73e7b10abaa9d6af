package dev.facereel.examples.cli;

import dev.facereel.examples.common.DurationConverter;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.examples.common.JobOptions;
import dev.facereel.examples.common.TuningOptions;
import dev.facereel.examples.common.UsageException;
import dev.facereel.jobstore.postgres.PostgresJobStorage;
import dev.facereel.jobstore.postgres.QueueWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code facereel worker}: pulls episodes from the PostgreSQL queue and runs each through the whole pipeline;
 * takes over the episodes of workers that died. Ctrl-C (or SIGTERM) stops it: running jobs are canceled with their
 * checkpoints kept and go back to the queue.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run queued episodes (from 'facereel submit') until stopped; resumes those of dead workers.")
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--data", defaultValue = "./facereel-data",
            description = "Data root, shared by every worker (e.g. a network mount) (default: ${DEFAULT-VALUE}).")
    Path data;

    @Mixin
    JobOptions job;

    @Option(names = "--concurrency", defaultValue = "1", description = "Episodes run at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--poll", defaultValue = "500ms", converter = DurationConverter.class,
            description = "How often an idle worker looks at the queue (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--exit-when-idle", description = "Exit once nothing is queued or running.")
    boolean exitWhenIdle;

    @Mixin
    TuningOptions tuning;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1) {
            throw new UsageException("--concurrency must be at least 1, got " + concurrency, null);
        }
        tuning.requireValid();
        try (PostgresJobStorage queueStore = store.require("worker")) {
            // each slot's pipeline gets a store of its own, which the pipeline closes
            QueueWorker worker = QueueWorker.builder(queueStore.queue(),
                            () -> job.pipeline(data, tuning).jobStorage(store.connect()).build())
                    .concurrency(concurrency).pollInterval(poll).stallAfter(job.stallAfter()).exitWhenIdle(exitWhenIdle)
                    .build();
            CountDownLatch done = new CountDownLatch(1);
            Thread onStop = new Thread(() -> {
                System.err.println("facereel: stopping; running episodes go back to the queue");
                worker.stop();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "facereel-worker-stop");
            Runtime.getRuntime().addShutdownHook(onStop);
            System.err.println("facereel: worker on " + queueStore + " with " + concurrency + " slot"
                    + (concurrency == 1 ? "" : "s") + ", data root " + data.toAbsolutePath());
            try {
                worker.run();
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(onStop);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is stopping the worker
                }
            }
        }
        return ExitCodes.DONE;
    }
}
