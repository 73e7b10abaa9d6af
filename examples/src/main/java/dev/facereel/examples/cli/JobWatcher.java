package dev.facereel.examples.cli;

import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobHandle;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows a job to its end on the command line: progress on stderr, and Ctrl-C cancels the job cleanly (envelope
 * canceled, runtime cleared, lease released) before the JVM exits with 130.
 */
final class JobWatcher {
    private JobWatcher() {
    }

    /**
     * Waits for the job; returns normally when it succeeded, or throws what ended it. With {@code owned}, Ctrl-C
     * cancels the job; otherwise it only stops following.
     */
    static void follow(FacePipeline pipeline, JobHandle job, PrintStream err, boolean owned) throws InterruptedException {
        ProgressPrinter printer = new ProgressPrinter(err, System.console() != null);
        job.onProgress(printer);
        AtomicBoolean ended = new AtomicBoolean();
        Thread onInterrupt = new Thread(() -> {
            if (ended.get() || !owned) {
                return;
            }
            err.println();
            err.println("facereel: interrupted; canceling job " + job.jobId());
            job.cancel();
            try {
                job.await(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pipeline.close();
        }, "facereel-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            job.await();
        } finally {
            ended.set(true);
            printer.finish();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting on Ctrl-C; the hook finishes the job
            }
        }
    }
}
