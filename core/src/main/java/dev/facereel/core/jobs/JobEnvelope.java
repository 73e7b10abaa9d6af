package dev.facereel.core.jobs;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.jobs.StateJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Everything persisted about one job ({@code jobs/<job_id>/meta.json}): its stages, the lease epoch of the
 * worker that last wrote it, the parameters it runs with, and whether cancellation was requested.
 * Immutable; the {@code with…} methods return changed copies and check status changes against {@link JobStatus}.
 */
public record JobEnvelope(JobId id, EpisodeKey episode, Stage target, JobStatus status, Instant createdAt,
                          Instant updatedAt, long leaseEpoch, Map<Stage, StageState> stages,
                          Map<String, String> params, boolean cancelRequested, String error) {
    public JobEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(episode, "episode");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        stages = java.util.Collections.unmodifiableMap(new TreeMap<>(stages));
        params = Map.copyOf(params);
    }

    /**
     * The envelope's schema-1 JSON, as {@code meta.json} holds it: for stores that keep envelopes as documents.
     */
    public byte[] toJson() {
        return StateJson.envelope(this);
    }

    /**
     * Reads the JSON of {@link #toJson}.
     *
     * @param source where the bytes came from, named in the error, e.g. {@code "row job_x of table jobs"}
     * @throws dev.facereel.core.JobStoreException naming {@code source} when the JSON is not a schema-1 envelope
     */
    public static JobEnvelope fromJson(byte[] json, String source) {
        return StateJson.envelope(json, source);
    }

    /** A new pending job for the given stages. */
    public static JobEnvelope create(JobId id, EpisodeKey episode, Stage target, List<Stage> stages,
                                     Map<String, String> params, long leaseEpoch, Instant now) {
        Map<Stage, StageState> states = new LinkedHashMap<>();
        for (Stage s : stages) {
            states.put(s, StageState.pending());
        }
        return new JobEnvelope(id, episode, target, JobStatus.PENDING, now, now, leaseEpoch, states, params, false, null);
    }

    public Optional<StageState> stage(Stage stage) {
        return Optional.ofNullable(stages.get(stage));
    }

    /** The stage that is running now, if any. */
    public Optional<Stage> runningStage() {
        return stages.entrySet().stream().filter(e -> e.getValue().status() == JobStatus.RUNNING)
                .map(Map.Entry::getKey).findFirst();
    }

    /** The highest heartbeat sequence across the stages. */
    public long heartbeatSeq() {
        return stages.values().stream().mapToLong(StageState::heartbeatSeq).max().orElse(0);
    }

    public JobEnvelope withStatus(JobStatus next, Instant now) {
        return new JobEnvelope(id, episode, target, status.to(next, "job " + id), createdAt, now, leaseEpoch, stages,
                params, cancelRequested, error);
    }

    public JobEnvelope withStage(Stage stage, UnaryOperator<StageState> change, Instant now) {
        StageState current = stages.get(stage);
        if (current == null) {
            throw new IllegalArgumentException("job " + id + " has no stage " + stage.id());
        }
        Map<Stage, StageState> copy = new LinkedHashMap<>(stages);
        copy.put(stage, change.apply(current));
        return new JobEnvelope(id, episode, target, status, createdAt, now, leaseEpoch, copy, params, cancelRequested, error);
    }

    public JobEnvelope withLeaseEpoch(long epoch, Instant now) {
        return new JobEnvelope(id, episode, target, status, createdAt, now, epoch, stages, params, cancelRequested, error);
    }

    public JobEnvelope withCancelRequested() {
        return new JobEnvelope(id, episode, target, status, createdAt, updatedAt, leaseEpoch, stages, params, true, error);
    }

    public JobEnvelope withError(String message, Instant now) {
        return new JobEnvelope(id, episode, target, status, createdAt, now, leaseEpoch, stages, params, cancelRequested, message);
    }

    /** Ends the job and every stage not yet ended with the given terminal status. */
    public JobEnvelope finish(JobStatus end, String message, Instant now) {
        Map<Stage, StageState> copy = new LinkedHashMap<>(stages);
        copy.replaceAll((s, st) -> {
            if (st.status().isTerminal()) {
                return st;
            }
            JobStatus stageEnd = end != JobStatus.SUCCEEDED ? end
                    : st.status() == JobStatus.RUNNING ? JobStatus.SUCCEEDED : JobStatus.SKIPPED;
            StageState ended = st.withStatus(stageEnd, "stage " + s.id() + " of job " + id, now);
            return st.status() == JobStatus.RUNNING && message != null ? ended.withError(message) : ended;
        });
        return new JobEnvelope(id, episode, target, status.to(end, "job " + id), createdAt, now, leaseEpoch, copy,
                params, cancelRequested, message);
    }
}
