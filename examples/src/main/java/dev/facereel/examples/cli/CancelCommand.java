package dev.facereel.examples.cli;

import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.examples.common.DurationConverter;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.jobstore.postgres.PostgresJobStorage;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facereel cancel}: stops the episode's job and returns once it has stopped. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel the episode's job; returns once the worker has stopped (a dead job is finalised at once).")
final class CancelCommand implements Callable<Integer> {
    @Mixin
    DataOptions common;

    @Option(names = "--timeout", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long to wait for the worker to stop (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--force", description = "If the worker does not stop in time, terminate its process (same host).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Commands.requireKey(common);
        if (common.store.isSet()) {
            try (PostgresJobStorage store = common.store.connect()) {
                if (store.queue().cancelWaiting(common.episode)) {
                    System.out.println("canceled the queued entry of episode " + common.episode);
                }
            }
        }
        try (FacePipeline pipeline = common.pipeline()) {
            EpisodeStatus status = pipeline.status(common.episode);
            String jobId = status.activeJobId();
            if (jobId == null) {
                System.out.println("no active job for episode " + common.episode + "; nothing to cancel");
                return ExitCodes.DONE;
            }
            pipeline.cancel(jobId);
            if (!pipeline.awaitEnd(jobId, timeout)) {
                if (!force) {
                    System.err.println("facereel: job " + jobId + " did not stop within " + timeout.toSeconds()
                            + " s; run again with --force to terminate its process");
                    return ExitCodes.FAILED;
                }
                pipeline.forceCancel(jobId);
            }
            System.out.println("canceled job " + jobId);
            return ExitCodes.DONE;
        }
    }
}
