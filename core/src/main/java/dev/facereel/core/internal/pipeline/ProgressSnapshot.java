package dev.facereel.core.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.ProgressEvent;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.stage.PipelineJson;
import dev.facereel.core.jobs.JobEnvelope;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code diagnostics/pipeline_state.json}, written and read here only: the last progress event of the episode's
 * newest job ({@code job_id}, {@code step}, {@code step_index}, {@code total_steps}, {@code status}, {@code message},
 * {@code pct}, {@code stage_pct}, {@code frames_done}, {@code frames_total}, {@code faces}, {@code heartbeat_seq},
 * {@code updated_at}), so that any process can show it.
 */
public final class ProgressSnapshot {
    private static final Set<String> ENDED = Set.of("succeeded", "failed", "canceled");

    private ProgressSnapshot() {
    }

    static void write(DataLayout layout, EpisodeKey episode, ProgressEvent e, Runnable fence) {
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
        PipelineJson.write(layout.pipelineState(episode), n, fence);
    }

    /**
     * The episode's last progress event, empty when there is none or the file cannot be read now (it is being
     * replaced, or damaged: the next read tries again).
     */
    public static Optional<ProgressEvent> read(DataLayout layout, EpisodeKey episode) {
        try {
            return PipelineJson.read(layout.pipelineState(episode), "a progress snapshot").map(ProgressSnapshot::event);
        } catch (RuntimeException damaged) {
            return Optional.empty();
        }
    }

    /**
     * Brings the snapshot up to date with a job that ended without its worker, for example a dead job canceled from
     * another process: a snapshot of that job still saying it runs gets the job's final status and message.
     */
    static void recordEnd(DataLayout layout, JobEnvelope env) {
        if (!env.status().isTerminal()) {
            return;
        }
        read(layout, env.episode()).filter(e -> env.id().value().equals(e.jobId()))
                .filter(e -> !ENDED.contains(e.status())).ifPresent(e -> {
                    String status = env.status().name().toLowerCase(Locale.ROOT);
                    write(layout, env.episode(), new ProgressEvent(e.jobId(), e.stage(), e.stepIndex(), e.totalSteps(),
                            status, env.error() == null ? status : env.error(), e.overallPct(), e.stagePct(),
                            e.framesDone(), e.framesTotal(), e.faces(), e.heartbeatSeq(), env.updatedAt()), () -> { });
                });
    }

    private static ProgressEvent event(JsonNode n) {
        if (!n.hasNonNull("job_id") || !n.hasNonNull("step")) {
            throw new JobStoreException("a progress snapshot without job_id or step");
        }
        return new ProgressEvent(n.path("job_id").asText(), Stage.of(n.path("step").asText()),
                n.path("step_index").asInt(), n.path("total_steps").asInt(), n.path("status").asText(),
                n.path("message").asText(null), n.path("pct").asDouble(), n.path("stage_pct").asDouble(),
                n.path("frames_done").asLong(), n.path("frames_total").asLong(), n.path("faces").asLong(),
                n.path("heartbeat_seq").asLong(), Instant.parse(n.path("updated_at").asText()));
    }
}
