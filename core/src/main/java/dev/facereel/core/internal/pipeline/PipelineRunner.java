package dev.facereel.core.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.Episode;
import dev.facereel.core.JobCanceledException;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.ProgressEvent;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.jobs.JobRun;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.StageState;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job's stages in order, skipping those whose outputs are up to date, maps each stage's progress into
 * its sub-range of the job, emits progress events and persists the latest one to
 * {@code diagnostics/pipeline_state.json}. Ends the job through {@link JobRun#finish} whatever happens.
 */
public final class PipelineRunner {
    private static final Map<Stage, double[]> RANGES = new EnumMap<>(Map.of(
            Stage.DETECT, new double[] {0.0, 0.50},
            Stage.TRACK, new double[] {0.50, 0.70},
            Stage.STILLS, new double[] {0.70, 0.75},
            Stage.CLUSTER, new double[] {0.75, 1.0}));

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    private static final Set<String> ENDED = Set.of("succeeded", "failed", "canceled");

    private final DataLayout layout;
    private final Detector detector;
    private final Embedder embedder;
    private final PipelineSettings settings;
    private final int parallelism;
    private final Clock clock;
    private final Consumer<ProgressEvent> listener;

    public PipelineRunner(DataLayout layout, Detector detector, Embedder embedder, PipelineSettings settings,
                          int parallelism, Clock clock, Consumer<ProgressEvent> listener) {
        this.layout = layout;
        this.detector = detector;
        this.embedder = embedder;
        this.settings = settings;
        this.parallelism = parallelism;
        this.clock = clock;
        this.listener = listener;
    }

    /** The parameters a job records so that any process can resume it. */
    public static Map<String, String> params(Episode episode, PipelineSettings settings) {
        return Map.of("episode_id", episode.id(), "video", episode.video().toString(),
                "sample_fps", Double.toString(settings.sampleFps()),
                "cluster_threshold", Double.toString(settings.clusterThreshold()),
                "cast_min_shots", Integer.toString(settings.castMinShots()));
    }

    /** The settings a job recorded in its parameters; {@code fallback} supplies any it lacks. */
    public static PipelineSettings settingsOf(Map<String, String> params, PipelineSettings fallback) {
        try {
            return new PipelineSettings(
                    Double.parseDouble(params.getOrDefault("sample_fps", Double.toString(fallback.sampleFps()))),
                    Double.parseDouble(params.getOrDefault("cluster_threshold",
                            Double.toString(fallback.clusterThreshold()))),
                    Integer.parseInt(params.getOrDefault("cast_min_shots", Integer.toString(fallback.castMinShots()))));
        } catch (IllegalArgumentException damaged) {
            return fallback;
        }
    }

    /**
     * Runs the job to its end. Rethrows what stopped it after the clean-up.
     *
     * @throws JobCanceledException when canceled
     * @throws LeaseLostException when another worker took the job over
     */
    public void run(JobRun run, Episode episode) {
        List<Stage> stages = new ArrayList<>(run.envelope().stages().keySet());
        Stage target = run.envelope().target();
        Progress progress = new Progress(run, stages, target);
        try {
            SpaceReserve.take(layout.spaceReserve(episode.key()));
            String video = VideoFingerprint.of(episode.video());
            StageContext ctx = new StageContext(run, episode, layout, detector, embedder, settings, parallelism,
                    video);
            for (Stage stage : stages) {
                StageState state = run.envelope().stage(stage).orElseThrow();
                if (state.status().isTerminal()) {
                    continue;
                }
                run.throwIfStopped();
                progress.emit(stage, "starting", stageMessage(stage, stages, target, true), 0, 0, 0);
                StageSettings wanted = StageRegistry.settings(stage, ctx);
                if (StageSettings.isUpToDate(layout.stageDir(episode.key(), stage), wanted.fingerprint())) {
                    if (stage == Stage.DETECT) {
                        DetectStage.removeWork(ctx);
                    }
                    run.stageSkipped(stage);
                    progress.emit(stage, "skipped", stage.id() + " is up to date", 1, 0, 0);
                    continue;
                }
                Map<String, String> result = StageRegistry.run(stage, ctx,
                        (done, total, faces) -> progress.frames(stage, done, total, faces));
                run.stageSucceeded(stage, result);
                progress.emit(stage, "succeeded", stageMessage(stage, stages, target, false), 1, 0, 0);
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
     * Brings {@code diagnostics/pipeline_state.json} up to date with a job that ended without its worker, for example
     * a dead job canceled from another process: a snapshot of that job still saying it runs gets the job's final
     * status and message.
     */
    public static void recordEnd(DataLayout layout, JobEnvelope env) {
        if (!env.status().isTerminal()) {
            return;
        }
        Path file = layout.pipelineState(env.episode());
        Optional<JsonNode> state;
        try {
            state = PipelineJson.read(file, "a progress snapshot");
        } catch (JobStoreException damaged) {
            state = Optional.empty();
        }
        state.filter(n -> env.id().value().equals(n.path("job_id").asText()))
                .filter(n -> !ENDED.contains(n.path("status").asText())).ifPresent(n -> {
                    String status = env.status().name().toLowerCase(Locale.ROOT);
                    ((ObjectNode) n).put("status", status);
                    ((ObjectNode) n).put("message", env.error() == null ? status : env.error());
                    ((ObjectNode) n).put("updated_at", env.updatedAt().toString());
                    PipelineJson.write(file, n, () -> { });
                });
    }

    private static String stageMessage(Stage stage, List<Stage> stages, Stage target, boolean starting) {
        boolean prerequisite = stage != target && stages.size() > 1;
        if (starting && prerequisite && stage == stages.get(0)) {
            return "Auto-running " + String.join(" → ", stages.subList(0, stages.size() - 1).stream()
                    .map(s -> capitalise(s.id())).toList()) + " before " + target.id() + "…";
        }
        if (!starting && prerequisite && stages.indexOf(stage) == stages.size() - 2) {
            return "Prerequisites complete, starting " + target.id() + "…";
        }
        return (starting ? "Starting " : "Finished ") + stage.id();
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
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
            this.end = RANGES.get(target)[1];
            this.current = stages.get(0);
        }

        void frames(Stage stage, long done, long total, long faces) {
            long seq = run.envelope().heartbeatSeq();
            emit(stage, "running", stage.id() + " " + done + "/" + total + " frames", total == 0 ? 0 : done / (double) total,
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
            double[] range = RANGES.get(stage);
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
            ObjectNode n = PipelineJson.object();
            n.put("job_id", e.jobId());
            n.put("step", e.stage().id());
            n.put("step_index", e.stepIndex());
            n.put("total_steps", e.totalSteps());
            n.put("status", e.status());
            n.put("message", e.message());
            n.put("pct", e.overallPct());
            n.put("stage_pct", e.stagePct());
            n.put("frames_done", e.framesDone());
            n.put("frames_total", e.framesTotal());
            n.put("faces", e.faces());
            n.put("heartbeat_seq", e.heartbeatSeq());
            n.put("updated_at", e.at().toString());
            PipelineJson.write(layout.pipelineState(run.lease().episode()), n, run::checkLease);
        }
    }
}
