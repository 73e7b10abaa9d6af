package dev.facereel.core.internal.stage.cluster;

import dev.facereel.core.Stage;
import dev.facereel.core.internal.stage.CastRule;
import dev.facereel.core.internal.stage.EpisodeFile;
import dev.facereel.core.internal.stage.FaceFilter;
import dev.facereel.core.internal.stage.PipelineStage;
import dev.facereel.core.internal.stage.StageContext;
import dev.facereel.core.internal.stage.detect.DetectCodec;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.detect.FrameRecord;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.core.internal.stage.track.TrackCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups tracks into identities by their quality-weighted mean embeddings and writes {@code cluster/clusters.json}:
 * each identity's tracks, screen time and representative still. Identities that the {@link CastRule} does not make
 * cast (too few good faces, too little screen time, no face good enough, only low-quality tracks) are listed apart
 * as {@code incidental_identities}.
 */
public final class ClusterStage extends PipelineStage {
    public ClusterStage() {
        super(Stage.CLUSTER, List.of(Stage.STILLS), "0.20", "clustering");
    }

    private static final long STEPS = 4;

    private static void step(StageContext ctx, long done) {
        ctx.run().progress(done, 0);
        ctx.progress().frames(done, STEPS, 0);
    }

    @Override
    public Map<String, String> settings(StageContext ctx) {
        return Map.of("threshold", Double.toString(ctx.settings().clusterThreshold()),
                "cast", ctx.settings().cast().toString());
    }

    @Override
    public Map<String, String> run(StageContext ctx) {
        // progress in steps: read the faces, read the tracks, cluster, write
        ctx.run().stageStarted(Stage.CLUSTER, STEPS);
        List<FrameRecord> frames = DetectCodec.read(ctx.layout(), ctx.episode().key());
        step(ctx, 1);
        List<Track> tracks = TrackCodec.read(ctx.layout(), ctx.episode().key(), frames);
        step(ctx, 2);
        Clustering clustering = new Clusterer(ctx.settings().clusterThreshold()).cluster(tracks,
                EpisodeFile.samplePeriod(ctx));
        step(ctx, 3);
        Map<String, Track> byId = new HashMap<>();
        tracks.forEach(t -> byId.put(t.id(), t));
        FaceFilter filter = ctx.settings().faces();
        CastRule rule = ctx.settings().cast();
        double episodeSeconds = EpisodeFile.durationSeconds(ctx);
        List<Identity> cast = new ArrayList<>();
        List<Identity> incidental = new ArrayList<>();
        for (Identity identity : clustering.identities()) {
            int goodFaces = 0;
            double best = 0;
            boolean goodTrack = false;
            for (String id : identity.trackIds()) {
                Track track = byId.get(id);
                goodTrack |= !track.lowQuality();
                for (FaceRecord face : track.faces()) {
                    goodFaces += filter.good(face.minSide(), face.quality()) ? 1 : 0;
                    best = Math.max(best, face.quality());
                }
            }
            boolean isCast = rule.isCast(goodFaces, identity.screenTimeSeconds(), episodeSeconds, best, goodTrack);
            (isCast ? cast : incidental).add(identity);
        }
        Path dir = ctx.dir(Stage.CLUSTER);
        ClusterCodec.write(dir, cast, incidental, clustering.unclusteredTrackIds(), ctx.fence());
        ctx.settingsOf(Stage.CLUSTER).writeTo(dir, List.of(ClusterCodec.CLUSTERS), ctx.fence());
        ctx.run().progress(STEPS, 0);
        return Map.of("identities", Integer.toString(cast.size()), "incidental", Integer.toString(incidental.size()));
    }
}
