package dev.facereel.examples.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.StageReport;

/**
 * An {@link EpisodeStatus} in the JSON shape that {@code facereel status --json} prints, its stages in the pipeline's
 * order.
 */
public final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    public static ObjectNode of(EpisodeStatus status) {
        ObjectNode root = JSON.createObjectNode();
        root.put("episode_id", status.episodeId());
        root.put("episode_key", status.episodeKey());
        root.put("active_job_id", status.activeJobId());
        ObjectNode stages = root.putObject("stages");
        for (StageReport r : status.stages().values()) {
            ObjectNode s = stages.putObject(r.stage().id());
            s.put("status", r.status().id());
            s.put("job_id", r.jobId());
            s.put("pct", r.pct());
            if (r.heartbeatAgeSeconds() >= 0) {
                s.put("heartbeat_age_s", r.heartbeatAgeSeconds());
            } else {
                s.putNull("heartbeat_age_s");
            }
            if (r.ownerPid() >= 0) {
                s.put("owner_pid", r.ownerPid());
            } else {
                s.putNull("owner_pid");
            }
            s.put("message", r.message());
        }
        return root;
    }
}
