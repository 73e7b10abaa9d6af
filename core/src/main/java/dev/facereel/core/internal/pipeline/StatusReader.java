package dev.facereel.core.internal.pipeline;

import dev.facereel.core.internal.stage.StageSettings;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.StageReport;
import dev.facereel.core.StageStatus;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.jobs.JobCoordinator;
import dev.facereel.core.internal.stage.StageList;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobHealth;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.StageState;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an episode's {@link EpisodeStatus}, a report for each stage of the stage list: a stage of the episode's active job reads running, stalled or dead
 * from its owner's health; otherwise the newest job that included the stage decides, and a stage no job ever
 * touched reads succeeded if its outputs exist, else missing. Jobs whose envelopes are unreadable are left out; an
 * unreadable envelope of the active job fails the status naming its file.
 */
public final class StatusReader {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReader.class);
    private final DataLayout layout;
    private final StageList stageList;
    private final JobCoordinator coordinator;

    public StatusReader(DataLayout layout, StageList stageList, JobCoordinator coordinator) {
        this.layout = layout;
        this.stageList = stageList;
        this.coordinator = coordinator;
    }

    public EpisodeStatus status(String episodeId) {
        EpisodeKey key = EpisodeKey.of(episodeId);
        Optional<JobEnvelope> active = coordinator.activeJob(key);
        Optional<JobHealth> health = active.map(coordinator::health);
        long ownerPid = active.flatMap(a -> coordinatorOwnerPid(key, a.id())).orElse(-1L);
        List<JobEnvelope> newestFirst = jobsOf(key);
        Map<Stage, StageReport> stages = new LinkedHashMap<>();
        for (Stage stage : stageList.stages()) {
            stages.put(stage, report(key, stage, active, health, ownerPid, newestFirst));
        }
        return new EpisodeStatus(episodeId, key.value(), active.map(e -> e.id().value()).orElse(null), stages);
    }

    private StageReport report(EpisodeKey key, Stage stage, Optional<JobEnvelope> active, Optional<JobHealth> health,
                               long ownerPid, List<JobEnvelope> newestFirst) {
        if (active.isPresent() && active.get().stage(stage).filter(s -> !s.status().isTerminal()).isPresent()) {
            StageState s = active.get().stage(stage).orElseThrow();
            JobHealth h = health.orElseThrow();
            StageStatus status = switch (h.liveness()) {
                case DEAD -> StageStatus.DEAD;
                case STALLED -> StageStatus.STALLED;
                default -> StageStatus.RUNNING;
            };
            return new StageReport(stage, status, active.get().id().value(), s.pct(), h.heartbeatAgeSeconds(), ownerPid,
                    status == StageStatus.RUNNING ? null : h.reason());
        }
        for (JobEnvelope env : newestFirst) {
            Optional<StageState> s = env.stage(stage);
            if (s.isEmpty() || !s.get().status().isTerminal() || s.get().status() == JobStatus.SKIPPED) {
                // a job that found the stage up to date did not make its outputs: an older job did
                continue;
            }
            StageStatus status = switch (s.get().status()) {
                case SUCCEEDED, SKIPPED -> StageStatus.SUCCEEDED;
                case CANCELED -> StageStatus.CANCELED;
                default -> StageStatus.FAILED;
            };
            String message = status == StageStatus.SUCCEEDED ? null
                    : Optional.ofNullable(s.get().error()).orElse(env.error());
            return new StageReport(stage, status, env.id().value(), s.get().pct(), -1, -1, message);
        }
        boolean outputs = Files.exists(layout.stageDir(key, stage).resolve(StageSettings.FILE));
        return new StageReport(stage, outputs ? StageStatus.SUCCEEDED : StageStatus.MISSING, null, outputs ? 1 : 0, -1, -1,
                null);
    }

    private Optional<Long> coordinatorOwnerPid(EpisodeKey key, JobId id) {
        return coordinator.owner(key).filter(o -> o.jobId().equals(id)).map(o -> o.pid());
    }

    /** The episode's jobs, newest first; a job whose envelope is unreadable is left out (and logged). */
    private List<JobEnvelope> jobsOf(EpisodeKey key) {
        List<JobEnvelope> out = new ArrayList<>();
        for (JobId id : coordinator.jobIds()) {
            if (id.value().contains("_" + key.value() + "_")) {
                try {
                    coordinator.find(id).filter(e -> e.episode().equals(key)).ifPresent(out::add);
                } catch (JobStoreException unreadable) {
                    LOG.warn("Leaving job {} out of the status of episode '{}': {}", id, key, unreadable.getMessage());
                }
            }
        }
        out.sort(Comparator.comparing(JobEnvelope::createdAt).thenComparing(e -> e.id().value()).reversed());
        return out;
    }
}
