package dev.facereel.core.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.internal.video.VideoInfo;

/** {@code episodes/<key>/episode.json}: the episode's id, key, video, its fingerprint, fps and frame count. */
final class EpisodeRecord {
    private EpisodeRecord() {
    }

    static void write(StageContext ctx, VideoInfo info) {
        ObjectNode n = PipelineJson.object();
        n.put("id", ctx.episode().id());
        n.put("key", ctx.episode().key().value());
        n.put("video", ctx.episode().video().toString());
        n.put("video_fingerprint", ctx.videoFingerprint());
        n.put("fps", info.fps());
        n.put("frame_count", info.frameCount());
        n.put("width", info.width());
        n.put("height", info.height());
        PipelineJson.write(ctx.layout().episodeFile(ctx.episode().key()), n, ctx.run()::checkLease);
    }

    /** The time between two sampled frames, in seconds. */
    static double samplePeriod(StageContext ctx) {
        JsonNode n = PipelineJson.read(ctx.layout().episodeFile(ctx.episode().key()), "an episode record")
                .orElseThrow(() -> new JobStoreException("missing " + ctx.layout().episodeFile(ctx.episode().key())
                        + "; run the detect stage first"));
        double fps = n.path("fps").asDouble();
        if (!(fps > 0)) {
            throw new JobStoreException("corrupt file " + ctx.layout().episodeFile(ctx.episode().key()) + ": no fps");
        }
        return 1.0 / Math.min(fps, ctx.settings().sampleFps());
    }
}
