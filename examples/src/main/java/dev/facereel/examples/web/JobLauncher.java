package dev.facereel.examples.web;

import dev.facereel.core.Episode;
import dev.facereel.core.Stage;

/** Starts a job for an episode: in this server's pipeline, or in a worker process. */
interface JobLauncher extends AutoCloseable {
    /**
     * Starts the job and returns its id once it owns the episode.
     *
     * @throws dev.facereel.core.JobAlreadyRunningException when a live job owns the episode
     * @throws dev.facereel.spi.InvalidInputException when the video cannot be used
     */
    String start(Episode episode, Stage target);

    @Override
    void close();
}
