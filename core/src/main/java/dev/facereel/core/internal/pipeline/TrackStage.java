package dev.facereel.core.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.stages.FaceRecord;
import dev.facereel.core.internal.stages.FrameRecord;
import dev.facereel.core.internal.stages.Track;
import dev.facereel.core.internal.stages.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Links the detected faces into tracks that never cross a shot cut, and writes {@code track/tracks.json}. Each face
 * of a track names its frame and its position in that frame's line of {@code faces.jsonl}, so later stages find
 * its embedding.
 */
final class TrackStage {
    static final String TRACKS = "tracks.json";

    private TrackStage() {
    }

    static StageSettings settings(StageContext ctx) {
        return new StageSettings(Map.of("detect", DetectStage.settings(ctx).fingerprint(),
                "tracker", Tracker.Settings.DEFAULTS.toString()));
    }

    static Map<String, String> run(StageContext ctx) {
        ctx.run().stageStarted(Stage.TRACK, 1);
        List<FrameRecord> frames = DetectOutput.read(ctx);
        List<Track> tracks = new Tracker().track(frames);
        Map<FaceRecord, Integer> index = new HashMap<>();
        for (FrameRecord f : frames) {
            for (int i = 0; i < f.faces().size(); i++) {
                index.put(f.faces().get(i), i);
            }
        }
        ObjectNode root = PipelineJson.object();
        ArrayNode arr = root.putArray("tracks");
        for (Track t : tracks) {
            ObjectNode o = arr.addObject();
            o.put("id", t.id());
            o.put("shot", t.shot());
            o.put("first_frame", t.firstFrame());
            o.put("last_frame", t.lastFrame());
            ArrayNode faces = o.putArray("faces");
            for (FaceRecord f : t.faces()) {
                ObjectNode fo = faces.addObject();
                fo.put("frame", f.frame());
                fo.put("index", index.get(f));
                fo.putArray("box").add(f.box().x1()).add(f.box().y1()).add(f.box().x2()).add(f.box().y2());
                fo.put("score", f.score());
            }
        }
        Path dir = ctx.layout().stageDir(ctx.episode().key(), Stage.TRACK);
        PipelineJson.write(dir.resolve(TRACKS), root, ctx.run()::checkLease);
        settings(ctx).writeTo(dir, List.of(TRACKS), ctx.run()::checkLease);
        ctx.run().progress(1, 0);
        return Map.of("tracks", Integer.toString(tracks.size()));
    }

    /** The tracks of {@code tracks.json}, their faces (with embeddings) taken from the detect results. */
    static List<Track> read(StageContext ctx, List<FrameRecord> frames) {
        Path file = ctx.layout().stageDir(ctx.episode().key(), Stage.TRACK).resolve(TRACKS);
        JsonNode root = PipelineJson.read(file, "a track list").orElseThrow(() -> new JobStoreException("missing " + file
                + "; run the track stage first"));
        Map<Integer, FrameRecord> byFrame = new HashMap<>();
        frames.forEach(f -> byFrame.put(f.frame(), f));
        List<Track> tracks = new ArrayList<>();
        for (JsonNode t : root.path("tracks")) {
            List<FaceRecord> faces = new ArrayList<>();
            for (JsonNode f : t.path("faces")) {
                FrameRecord frame = byFrame.get(f.path("frame").asInt());
                int i = f.path("index").asInt(-1);
                if (frame == null || i < 0 || i >= frame.faces().size()) {
                    throw new JobStoreException("corrupt file " + file + ": track " + t.path("id").asText()
                            + " names a face that the detect results do not have (frame " + f.path("frame").asInt() + ")");
                }
                faces.add(frame.faces().get(i));
            }
            tracks.add(new Track(t.path("id").asText(), t.path("shot").asInt(), faces));
        }
        return tracks;
    }
}
