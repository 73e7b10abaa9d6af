package dev.facereel.examples.cli;

import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.StageStatus;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.examples.common.JobOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code facereel resume}: continues a dead job here, with the providers the data root remembers, or follows a live
 * one until it ends.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue the episode's dead job in this process, or follow its live job until it ends.")
final class ResumeCommand implements Callable<Integer> {
    @Mixin
    DataOptions common;

    @Override
    public Integer call() throws Exception {
        Commands.requireKey(common);
        try (FacePipeline pipeline = common.store.apply(JobOptions.remembered(common.data)).build()) {
            EpisodeStatus status = pipeline.status(common.episode);
            String jobId = status.activeJobId();
            if (jobId == null) {
                System.err.println("facereel: episode " + common.episode + " has no job to resume");
                return ExitCodes.FAILED;
            }
            boolean dead = status.stages().values().stream().anyMatch(s -> s.status() == StageStatus.DEAD);
            if (dead) {
                System.err.println("facereel: resuming dead job " + jobId + " from its checkpoint");
                JobWatcher.follow(pipeline, pipeline.resume(jobId), System.err, true);
            } else {
                System.err.println("facereel: job " + jobId + " is running elsewhere; following it");
                JobWatcher.follow(pipeline, pipeline.attach(common.episode).orElseThrow(), System.err, false);
            }
            System.out.println("job " + jobId + " done");
            return ExitCodes.DONE;
        }
    }
}
