package dev.facereel.core.internal.stage.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.stage.PipelineJson;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.detect.FrameRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code track/tracks.json}, written and read here only: {@code {"schema":1,"tracks":[{"id","shot","first_frame",
 * "last_frame","faces":[{"frame","index","box":[x1,y1,x2,y2],"score"}]}]}}. Each face names its frame and its
 * position in that frame's line of {@code faces.jsonl}, so a reader finds its embedding.
 */
public final class TrackCodec {
    static final String TRACKS = "tracks.json";

    private TrackCodec() {
    }

    static void write(Path dir, List<FrameRecord> frames, List<Track> tracks, Runnable fence) {
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
        PipelineJson.write(dir.resolve(TRACKS), root, fence);
    }

    /**
     * The episode's tracks, their faces (with embeddings) taken from the detect results {@code frames}.
     *
     * @throws JobStoreException naming the file when it is missing or names a face the detect results lack
     */
    public static List<Track> read(DataLayout layout, EpisodeKey episode, List<FrameRecord> frames) {
        Path file = layout.stageDir(episode, Stage.TRACK).resolve(TRACKS);
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
