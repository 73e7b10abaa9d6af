package dev.facereel.core.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One stage's part of a job envelope. {@code checkpoint} is the last unit (for detect, the last frame) whose
 * results are durably on disk, or -1. {@code progressAt} is when {@code unitsDone} last moved.
 */
public record StageState(JobStatus status, Instant startedAt, Instant updatedAt, long heartbeatSeq,
                         long unitsDone, long unitsTotal, double pct, Instant progressAt, long checkpoint,
                         Map<String, String> result, String error) {
    public StageState {
        Objects.requireNonNull(status, "status");
        result = result == null ? Map.of() : Map.copyOf(result);
        if (pct < 0 || pct > 1 || Double.isNaN(pct)) {
            throw new IllegalArgumentException("pct must be in [0,1], got " + pct);
        }
    }

    public static StageState pending() {
        return new StageState(JobStatus.PENDING, null, null, 0, 0, 0, 0, null, -1, Map.of(), null);
    }

    /** This state with a new status, checked against {@link JobStatus}'s table. */
    public StageState withStatus(JobStatus next, String what, Instant now) {
        JobStatus checked = status.to(next, what);
        Instant started = startedAt == null && checked == JobStatus.RUNNING ? now : startedAt;
        return new StageState(checked, started, now, heartbeatSeq, unitsDone, unitsTotal,
                checked == JobStatus.SUCCEEDED || checked == JobStatus.SKIPPED ? 1.0 : pct,
                progressAt, checkpoint, result, error);
    }

    /** This state after a heartbeat: the sequence moves on by one. */
    public StageState heartbeat(Instant now) {
        return new StageState(status, startedAt, now, heartbeatSeq + 1, unitsDone, unitsTotal, pct, progressAt,
                checkpoint, result, error);
    }

    /** This state with new progress; {@code progressAt} moves only when {@code unitsDone} does. */
    public StageState withProgress(long done, long total, long newCheckpoint, Instant now) {
        double p = total <= 0 ? 0 : Math.min(1.0, Math.max(0.0, done / (double) total));
        Instant moved = done != unitsDone || progressAt == null ? now : progressAt;
        return new StageState(status, startedAt, now, heartbeatSeq, done, total, p, moved, newCheckpoint, result, error);
    }

    public StageState withResult(Map<String, String> newResult) {
        return new StageState(status, startedAt, updatedAt, heartbeatSeq, unitsDone, unitsTotal, pct, progressAt,
                checkpoint, newResult, error);
    }

    public StageState withError(String message) {
        return new StageState(status, startedAt, updatedAt, heartbeatSeq, unitsDone, unitsTotal, pct, progressAt,
                checkpoint, result, message);
    }
}
