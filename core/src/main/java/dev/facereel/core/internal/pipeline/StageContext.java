package dev.facereel.core.internal.pipeline;

import dev.facereel.core.Episode;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.jobs.JobRun;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;

/**
 * What a stage needs to run: the job, the episode, the providers, the settings, and how many frames detection may
 * analyse at once.
 */
record StageContext(JobRun run, Episode episode, DataLayout layout, Detector detector, Embedder embedder,
                    PipelineSettings settings, int parallelism, String videoFingerprint) {
}
