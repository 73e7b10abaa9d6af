package dev.facereel.jobstore.postgres.internal;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import dev.facereel.core.jobs.RuntimeTracker;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link RuntimeTracker} on the {@code runtime} table: one row per episode and stage. */
public final class PgRuntimeTracker implements RuntimeTracker {
    private final Database db;

    public PgRuntimeTracker(Database db) {
        this.db = db;
    }

    @Override
    public Map<Stage, JobId> activeJobs(EpisodeKey episode) {
        return db.transaction("read the active jobs of episode " + episode, c -> {
            Map<Stage, JobId> active = new LinkedHashMap<>();
            try (PreparedStatement st = c.prepareStatement("SELECT stage, job_id FROM runtime WHERE episode_key = ?")) {
                st.setString(1, episode.value());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        active.put(Stage.of(rs.getString(1)), JobId.of(rs.getString(2)));
                    }
                }
            }
            return active;
        });
    }

    @Override
    public void setActive(EpisodeKey episode, Stage stage, JobId job) {
        db.transaction("mark job " + job + " active", c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO runtime (episode_key, stage, job_id) VALUES (?, ?, ?) "
                    + "ON CONFLICT (episode_key, stage) DO UPDATE SET job_id = excluded.job_id, updated_at = now()")) {
                st.setString(1, episode.value());
                st.setString(2, stage.id());
                st.setString(3, job.value());
                return st.executeUpdate();
            }
        });
    }

    @Override
    public void clear(EpisodeKey episode, JobId job) {
        db.transaction("clear job " + job + " from the active jobs", c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM runtime WHERE episode_key = ? AND job_id = ?")) {
                st.setString(1, episode.value());
                st.setString(2, job.value());
                return st.executeUpdate();
            }
        });
    }
}
