package dev.facereel.examples.web;

import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Stage;

/** Runs jobs on the server's own pipeline threads; their outcome is read back from the data root. */
final class InProcessJobs implements JobLauncher {
    private final FacePipeline pipeline;

    InProcessJobs(FacePipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public String start(Episode episode, Stage target) {
        return pipeline.submit(episode, target).jobId();
    }

    @Override
    public void close() {
        // the pipeline's owner closes it
    }
}
