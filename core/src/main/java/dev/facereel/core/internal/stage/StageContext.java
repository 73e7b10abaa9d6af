package dev.facereel.core.internal.stage;

import dev.facereel.core.Episode;
import dev.facereel.core.cast.CastStore;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.jobs.JobRun;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import java.nio.file.Path;

/**
 * What a stage runs against: the job (its lease-fenced writes, heartbeats and cancel checks), the episode, the data
 * layout, the providers, the settings, how many frames detection may analyse at once, the stage list (for the
 * fingerprints of the stages it needs) and where its progress goes.
 */
public record StageContext(JobRun run, Episode episode, DataLayout layout, Detector detector, Embedder embedder,
                           CastStore casts, PipelineSettings settings, int parallelism, String videoFingerprint, StageList stages,
                           ProgressSink progress) {
    /** The same context with progress going to {@code sink}. */
    public StageContext withProgress(ProgressSink sink) {
        return new StageContext(run, episode, layout, detector, embedder, casts, settings, parallelism, videoFingerprint,
                stages, sink);
    }

    /** The folder of {@code stage}'s files for this episode. */
    public Path dir(Stage stage) {
        return layout.stageDir(episode.key(), stage);
    }

    /** The fence of every write a stage makes: it throws once this worker has lost the episode's lease. */
    public Runnable fence() {
        return run::checkLease;
    }

    /** The settings {@code stage} would run with now, with the fingerprints of the stages it needs. */
    public StageSettings settingsOf(Stage stage) {
        return stages.settings(stage, this);
    }
}
