package dev.facereel.core.internal.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.stages.Clusterer;
import dev.facereel.core.internal.stages.Clustering;
import dev.facereel.core.internal.stages.FrameRecord;
import dev.facereel.core.internal.stages.Identity;
import dev.facereel.core.internal.stages.Track;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Groups tracks into identities by their mean embeddings and writes {@code cluster/clusters.json}: each identity's
 * tracks, screen time and representative still.
 */
final class ClusterStage {
    static final String CLUSTERS = "clusters.json";

    private ClusterStage() {
    }

    static StageSettings settings(StageContext ctx) {
        return new StageSettings(Map.of("stills", StillsStage.settings(ctx).fingerprint(),
                "threshold", Double.toString(ctx.settings().clusterThreshold())));
    }

    static Map<String, String> run(StageContext ctx) {
        ctx.run().stageStarted(Stage.CLUSTER, 1);
        List<FrameRecord> frames = DetectOutput.read(ctx);
        List<Track> tracks = TrackStage.read(ctx, frames);
        Clustering clustering = new Clusterer(ctx.settings().clusterThreshold()).cluster(tracks, EpisodeRecord.samplePeriod(ctx));
        ObjectNode root = PipelineJson.object();
        ArrayNode ids = root.putArray("identities");
        for (Identity identity : clustering.identities()) {
            ObjectNode o = ids.addObject();
            o.put("id", identity.id());
            ArrayNode t = o.putArray("track_ids");
            identity.trackIds().forEach(t::add);
            o.put("screen_time_s", Math.round(identity.screenTimeSeconds() * 1000) / 1000.0);
            o.put("still", "stills/" + identity.stillTrackId() + ".jpg");
        }
        ArrayNode unclustered = root.putArray("unclustered_track_ids");
        clustering.unclusteredTrackIds().forEach(unclustered::add);
        Path dir = ctx.layout().stageDir(ctx.episode().key(), Stage.CLUSTER);
        PipelineJson.write(dir.resolve(CLUSTERS), root);
        settings(ctx).writeTo(dir);
        ctx.run().progress(1, 0);
        return Map.of("identities", Integer.toString(clustering.identities().size()));
    }
}
