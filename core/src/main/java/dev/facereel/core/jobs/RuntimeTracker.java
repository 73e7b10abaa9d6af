package dev.facereel.core.jobs;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import java.util.Map;
import java.util.Optional;

/**
 * Which job is active for each stage of an episode ({@code episodes/<key>/runtime.json}). An episode with no
 * record has nothing active. Only the lease holder writes; implementations are thread-safe.
 */
public interface RuntimeTracker {
    /** The active job per stage; empty when nothing is active. */
    Map<Stage, JobId> activeJobs(EpisodeKey episode);

    default Optional<JobId> active(EpisodeKey episode, Stage stage) {
        return Optional.ofNullable(activeJobs(episode).get(stage));
    }

    /** Marks the job active for the given stage. */
    void setActive(EpisodeKey episode, Stage stage, JobId job);

    /** Removes every entry that names this job; entries of other jobs stay. Idempotent. */
    void clear(EpisodeKey episode, JobId job);
}
