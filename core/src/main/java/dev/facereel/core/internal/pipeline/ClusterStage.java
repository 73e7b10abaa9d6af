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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Groups tracks into identities by their mean embeddings and writes {@code cluster/clusters.json}: each identity's
 * tracks, screen time and representative still. Identities seen in fewer than {@code castMinShots} shots are listed
 * apart as {@code incidental_identities}.
 */
final class ClusterStage {
    static final String CLUSTERS = "clusters.json";

    private ClusterStage() {
    }

    static StageSettings settings(StageContext ctx) {
        return new StageSettings(Map.of("stills", StillsStage.settings(ctx).fingerprint(),
                "threshold", Double.toString(ctx.settings().clusterThreshold()),
                "cast_min_shots", Integer.toString(ctx.settings().castMinShots())));
    }

    static Map<String, String> run(StageContext ctx) {
        ctx.run().stageStarted(Stage.CLUSTER, 1);
        List<FrameRecord> frames = DetectOutput.read(ctx);
        List<Track> tracks = TrackStage.read(ctx, frames);
        Clustering clustering = new Clusterer(ctx.settings().clusterThreshold()).cluster(tracks, EpisodeRecord.samplePeriod(ctx));
        Map<String, Integer> shotOf = new HashMap<>();
        tracks.forEach(t -> shotOf.put(t.id(), t.shot()));
        List<Identity> cast = new ArrayList<>();
        List<Identity> incidental = new ArrayList<>();
        for (Identity identity : clustering.identities()) {
            long shots = identity.trackIds().stream().map(shotOf::get).distinct().count();
            (shots >= ctx.settings().castMinShots() ? cast : incidental).add(identity);
        }
        ObjectNode root = PipelineJson.object();
        int number = 0;
        ArrayNode castNode = root.putArray("identities");
        for (Identity identity : cast) {
            put(castNode.addObject(), identity, ++number);
        }
        ArrayNode incidentalNode = root.putArray("incidental_identities");
        for (Identity identity : incidental) {
            put(incidentalNode.addObject(), identity, ++number);
        }
        ArrayNode unclustered = root.putArray("unclustered_track_ids");
        clustering.unclusteredTrackIds().forEach(unclustered::add);
        Path dir = ctx.layout().stageDir(ctx.episode().key(), Stage.CLUSTER);
        PipelineJson.write(dir.resolve(CLUSTERS), root, ctx.run()::checkLease);
        settings(ctx).writeTo(dir, List.of(CLUSTERS), ctx.run()::checkLease);
        ctx.run().progress(1, 0);
        return Map.of("identities", Integer.toString(cast.size()), "incidental", Integer.toString(incidental.size()));
    }

    /** Writes an identity, numbered {@code p01}, {@code p02}… cast first, both by descending screen time. */
    private static void put(ObjectNode o, Identity identity, int number) {
        o.put("id", String.format(Locale.ROOT, "p%02d", number));
        ArrayNode t = o.putArray("track_ids");
        identity.trackIds().forEach(t::add);
        o.put("screen_time_s", Math.round(identity.screenTimeSeconds() * 1000) / 1000.0);
        o.put("still", "stills/" + identity.stillTrackId() + ".jpg");
    }
}
