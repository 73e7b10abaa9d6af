package dev.facereel.core.jobs;

import dev.facereel.core.IllegalJobTransitionException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The persisted status of a job or of one of its stages, with the one table of allowed changes.
 * Whether a {@code RUNNING} job is really alive is not a status but a {@link JobHealth} judgement.
 */
public enum JobStatus {
    PENDING, RUNNING, SUCCEEDED, SKIPPED, FAILED, CANCELED;

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(RUNNING, SKIPPED, FAILED, CANCELED),
            RUNNING, EnumSet.of(RUNNING, SUCCEEDED, FAILED, CANCELED),
            SUCCEEDED, EnumSet.noneOf(JobStatus.class),
            SKIPPED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            CANCELED, EnumSet.noneOf(JobStatus.class));

    /** True once nothing more will happen: succeeded, skipped, failed or canceled. */
    public boolean isTerminal() {
        return ALLOWED.get(this).isEmpty();
    }

    public boolean canBecome(JobStatus next) {
        return this == next || ALLOWED.get(this).contains(next);
    }

    /**
     * Checks a change against the table.
     *
     * @throws IllegalJobTransitionException naming both states when the change is not allowed
     */
    public JobStatus to(JobStatus next, String what) {
        if (!canBecome(next)) {
            throw new IllegalJobTransitionException(what, this, next);
        }
        return next;
    }
}
