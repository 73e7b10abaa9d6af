package dev.facereel.core.internal.pipeline;

import dev.facereel.core.Episode;
import dev.facereel.core.JobCanceledException;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.ProgressEvent;
import dev.facereel.core.Stage;
import dev.facereel.core.cast.CastStore;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.jobs.JobRun;
import dev.facereel.core.internal.stage.CastRule;
import dev.facereel.core.internal.stage.FaceFilter;
import dev.facereel.core.internal.stage.PipelineSettings;
import dev.facereel.core.internal.stage.PipelineStage;
import dev.facereel.core.internal.stage.StageContext;
import dev.facereel.core.internal.stage.StageList;
import dev.facereel.core.internal.stage.StageSettings;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.StageState;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job's stages in the order of the stage list, skipping those whose outputs are up to date, maps each
 * stage's progress into its sub-range of the job, emits progress events and persists the latest one
 * ({@link ProgressSnapshot}). Ends the job through {@link JobRun#finish} whatever happens.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    private final DataLayout layout;
    private final StageList stageList;
    private final Detector detector;
    private final Embedder embedder;
    private final CastStore casts;
    private final PipelineSettings settings;
    private final int parallelism;
    private final Clock clock;
    private final Consumer<ProgressEvent> listener;
    /** The stages this job runs, once {@link #plan} decided them; null until then. */
    private List<Stage> planned;
    /** The prerequisites {@link #plan} found up to date and recorded as skipped. */
    private final java.util.Set<Stage> skippedByPlan = new java.util.LinkedHashSet<>();

    public PipelineRunner(DataLayout layout, StageList stageList, Detector detector, Embedder embedder, CastStore casts,
                          PipelineSettings settings, int parallelism, Clock clock, Consumer<ProgressEvent> listener) {
        this.layout = layout;
        this.stageList = stageList;
        this.detector = detector;
        this.embedder = embedder;
        this.casts = casts;
        this.settings = settings;
        this.parallelism = parallelism;
        this.clock = clock;
        this.listener = listener;
    }

    /** The parameters a job records so that any process can resume it. */
    public static Map<String, String> params(Episode episode, PipelineSettings settings) {
        return Map.ofEntries(Map.entry("episode_id", episode.id()),
                Map.entry("video", episode.video().toString()), Map.entry("show", episode.show()),
                Map.entry("sample_fps", Double.toString(settings.sampleFps())),
                Map.entry("cluster_threshold", Double.toString(settings.clusterThreshold())),
                Map.entry("min_face_size", Integer.toString(settings.faces().minSize())),
                Map.entry("min_face_quality", Double.toString(settings.faces().minQuality())),
                Map.entry("cast_min_faces", Integer.toString(settings.cast().minFaces())),
                Map.entry("cast_min_screen_time_s", Double.toString(settings.cast().minScreenTimeSeconds())),
                Map.entry("cast_min_screen_share", Double.toString(settings.cast().minScreenShare())),
                Map.entry("cast_min_quality", Double.toString(settings.cast().minQuality())));
    }

    /** The settings a job recorded in its parameters; {@code fallback} supplies any it lacks. */
    public static PipelineSettings settingsOf(Map<String, String> params, PipelineSettings fallback) {
        try {
            FaceFilter faces = new FaceFilter(
                    number(params, "min_face_size", fallback.faces().minSize()).intValue(),
                    number(params, "min_face_quality", fallback.faces().minQuality()).doubleValue());
            CastRule cast = new CastRule(
                    number(params, "cast_min_faces", fallback.cast().minFaces()).intValue(),
                    number(params, "cast_min_screen_time_s", fallback.cast().minScreenTimeSeconds()).doubleValue(),
                    number(params, "cast_min_screen_share", fallback.cast().minScreenShare()).doubleValue(),
                    number(params, "cast_min_quality", fallback.cast().minQuality()).doubleValue());
            return new PipelineSettings(
                    number(params, "sample_fps", fallback.sampleFps()).doubleValue(),
                    number(params, "cluster_threshold", fallback.clusterThreshold()).doubleValue(), faces, cast);
        } catch (IllegalArgumentException damaged) {
            return fallback;
        }
    }

    /** A recorded number, or {@code fallback} when the job did not record it. */
    private static Number number(Map<String, String> params, String name, Number fallback) {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        return fallback instanceof Integer ? (Number) Integer.parseInt(value) : (Number) Double.parseDouble(value);
    }

    /**
     * Runs the job to its end. Rethrows what stopped it after the clean-up.
     *
     * @throws JobCanceledException when canceled
     * @throws LeaseLostException when another worker took the job over
     */
    /**
     * Decides which of the job's stages run: those not ended yet whose outputs are missing or stale, or that need a
     * stage that runs. The prerequisites that do not run are recorded as skipped at once, so that the job's status
     * and what it announces name only the stages that really run. Called while the job holds the lease, before
     * {@link #run}; if the decision fails (an unreadable video, say), {@link #run} decides again and reports it.
     */
    public void plan(JobRun run, Episode episode) {
        try {
            planned = decide(run, context(run, episode, VideoFingerprint.of(episode.video())));
        } catch (RuntimeException e) {
            LOG.debug("Job {}: the stages to run are decided when it runs: {}", run.id(), e.toString());
            planned = null;
        }
    }

    private StageContext context(JobRun run, Episode episode, String video) {
        return new StageContext(run, episode, layout, detector, embedder, casts, settings, parallelism, video,
                stageList, (done, total, faces) -> { });
    }

    private List<Stage> decide(JobRun run, StageContext ctx) {
        Stage target = run.envelope().target();
        List<Stage> runs = new java.util.ArrayList<>();
        for (Stage stage : stageList.stages()) {
            Optional<StageState> state = run.envelope().stage(stage);
            if (state.isEmpty() || state.get().status().isTerminal()) {
                continue;
            }
            boolean needsARun = stageList.get(stage).needs().stream().anyMatch(runs::contains);
            if (stage.equals(target) || needsARun
                    || !StageSettings.isUpToDate(ctx.dir(stage), ctx.settingsOf(stage).fingerprint())) {
                runs.add(stage);
            } else {
                stageList.get(stage).cleanUp(ctx);
                run.stageSkipped(stage);
                skippedByPlan.add(stage);
            }
        }
        return List.copyOf(runs);
    }

    public void run(JobRun run, Episode episode) {
        List<Stage> stages = stageList.stages().stream().filter(run.envelope().stages()::containsKey).toList();
        Stage target = run.envelope().target();
        Progress progress = new Progress(run, stages, target);
        try {
            SpaceReserve.take(layout.spaceReserve(episode.key()));
            String video = VideoFingerprint.of(episode.video());
            StageContext job = context(run, episode, video);
            List<Stage> running = planned != null ? planned : decide(run, job);
            List<Stage> prerequisites = running.stream().filter(s -> !s.equals(target)).toList();
            for (Stage stage : stages) {
                StageState state = run.envelope().stage(stage).orElseThrow();
                if (skippedByPlan.remove(stage)) {
                    progress.emit(stage, "skipped", stage.id() + " is up to date", 1, 0, 0);
                    continue;
                }
                if (state.status().isTerminal()) {
                    continue;
                }
                run.throwIfStopped();
                progress.emit(stage, "starting", stageMessage(stage, prerequisites, target, true), 0, 0, 0);
                PipelineStage definition = stageList.get(stage);
                StageContext ctx = job.withProgress((done, total, faces) -> progress.frames(stage, done, total, faces));
                if (StageSettings.isUpToDate(ctx.dir(stage), ctx.settingsOf(stage).fingerprint())) {
                    definition.cleanUp(ctx);
                    run.stageSkipped(stage);
                    progress.emit(stage, "skipped", stage.id() + " is up to date", 1, 0, 0);
                    continue;
                }
                Map<String, String> result = definition.run(ctx);
                run.stageSucceeded(stage, result);
                progress.emit(stage, "succeeded", stageMessage(stage, prerequisites, target, false), 1, 0, 0);
            }
            progress.end(target, JobStatus.SUCCEEDED, "done", 1);
        } catch (JobCanceledException e) {
            progress.end(progress.current, JobStatus.CANCELED, "canceled", progress.lastStagePct);
            throw e;
        } catch (LeaseLostException e) {
            run.finish(JobStatus.FAILED, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            if (run.isLeaseLost()) {
                // The failure came after a successor took the job over: that is what stopped this worker.
                run.finish(JobStatus.FAILED, e.getMessage());
                throw new LeaseLostException("job " + run.id() + " was taken over by another worker; this worker stopped"
                        + " on: " + e.getMessage());
            }
            progress.end(progress.current, JobStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage(),
                    progress.lastStagePct);
            throw e;
        } catch (Error e) {
            progress.end(progress.current, JobStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage(),
                    progress.lastStagePct);
            throw e;
        }
    }

    /**
     * Brings the episode's progress snapshot up to date with a job that ended without its worker, for example a dead
     * job canceled from another process.
     */
    public static void recordEnd(DataLayout layout, JobEnvelope env) {
        ProgressSnapshot.recordEnd(layout, env);
    }

    /**
     * What a stage's start or end says: the auto-run announcement at the start of the first prerequisite that runs,
     * its done message at the end of the last one, otherwise "Starting …" or "Finished …".
     */
    private String stageMessage(Stage stage, List<Stage> prerequisites, Stage target, boolean starting) {
        boolean prerequisite = !stage.equals(target) && prerequisites.contains(stage);
        if (starting && prerequisite && stage.equals(prerequisites.get(0))) {
            return AutoRuns.of(stageList, prerequisites, target).orElseThrow().message();
        }
        if (!starting && prerequisite && stage.equals(prerequisites.get(prerequisites.size() - 1))) {
            return AutoRuns.of(stageList, prerequisites, target).orElseThrow().doneMessage();
        }
        return (starting ? "Starting " : "Finished ") + stage.id();
    }

    /** Maps stage progress to the job's range and publishes it. */
    private final class Progress {
        private final JobRun run;
        private final List<Stage> stages;
        private final double end;
        private Stage current;
        private double lastStagePct;

        Progress(JobRun run, List<Stage> stages, Stage target) {
            this.run = run;
            this.stages = stages;
            this.end = stageList.progressRange(target)[1];
            this.current = stages.get(0);
        }

        void frames(Stage stage, long done, long total, long faces) {
            long seq = run.envelope().heartbeatSeq();
            String unit = stage.equals(Stage.CLUSTER) ? " steps" : " frames";
            emit(stage, "running", stage.id() + " " + done + "/" + total + unit, total == 0 ? 0 : done / (double) total,
                    done, total, faces, seq, false);
        }

        /**
         * Frees the space reserve, writes the last snapshot while this worker still holds the lease (after it, another
         * job may own the episode), then ends the job, which happens even when the snapshot cannot be written.
         */
        void end(Stage stage, JobStatus status, String message, double stagePct) {
            try {
                SpaceReserve.release(layout.spaceReserve(run.lease().episode()));
                emit(stage, status.name().toLowerCase(Locale.ROOT), message, stagePct, 0, 0);
            } catch (RuntimeException e) {
                LOG.warn("Could not record the end of job {} in its progress snapshot: {}", run.id(), e.getMessage());
            } finally {
                run.finish(status, status == JobStatus.SUCCEEDED ? null : message);
            }
        }

        void emit(Stage stage, String status, String message, double stagePct, long done, long total) {
            emit(stage, status, message, stagePct, done, total, 0, run.envelope().heartbeatSeq(), true);
        }

        private long lastPersistedSeq = -1;

        void emit(Stage stage, String status, String message, double stagePct, long done, long total, long faces,
                  long seq, boolean always) {
            current = stage;
            lastStagePct = stagePct;
            double[] range = stageList.progressRange(stage);
            double overall = Math.min(1.0, (range[0] + stagePct * (range[1] - range[0])) / end);
            ProgressEvent event = new ProgressEvent(run.id().value(), stage, stages.indexOf(stage) + 1, stages.size(),
                    status, message, overall, stagePct, done, total, faces, seq, clock.instant());
            if (always || seq != lastPersistedSeq) {
                lastPersistedSeq = seq;
                persist(event);
            }
            listener.accept(event);
        }

        private void persist(ProgressEvent e) {
            ProgressSnapshot.write(layout, run.lease().episode(), e, run::checkLease);
        }
    }
}
