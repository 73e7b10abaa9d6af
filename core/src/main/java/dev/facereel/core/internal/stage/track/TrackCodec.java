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
import dev.facereel.spi.BoundingBox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code track/tracks.json}, written and read here only: {@code {"schema":1,"tracks":[{"id","shot","first_frame",
 * "last_frame","quality","low_quality","faces":[{"frame","index","box":[x1,y1,x2,y2],"score","quality"}]}]}}.
 * Each face names its frame and its position in that frame's line of {@code faces.jsonl}, so a reader finds its
 * embedding; a track's {@code quality} is its faces' mean, and {@code low_quality} says it is below the face
 * filter's.
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
            o.put("quality", Math.rint(t.meanQuality() * 1e4) / 1e4);
            o.put("low_quality", t.lowQuality());
            ArrayNode faces = o.putArray("faces");
            for (FaceRecord f : t.faces()) {
                ObjectNode fo = faces.addObject();
                fo.put("frame", f.frame());
                fo.put("index", index.get(f));
                fo.putArray("box").add(f.box().x1()).add(f.box().y1()).add(f.box().x2()).add(f.box().y2());
                fo.put("score", f.score());
                fo.put("quality", f.quality());
            }
        }
        PipelineJson.write(dir.resolve(TRACKS), root, fence);
    }

    /**
     * A track as the file holds it: each face by its frame, its position in that frame's line, box and score, and
     * whether the track is low-quality.
     */
    public record Entry(String id, int shot, List<FaceRef> faces, boolean lowQuality) {
        public Entry {
            faces = List.copyOf(faces);
        }
    }

    /** A face of a track as the file holds it. */
    public record FaceRef(int frame, int index, BoundingBox box, float score) {
    }

    /**
     * The episode's tracks as the file holds them, without the detect results.
     *
     * @throws JobStoreException naming the file when it is missing or damaged
     */
    public static List<Entry> entries(DataLayout layout, EpisodeKey episode) {
        Path file = file(layout, episode);
        JsonNode root = PipelineJson.read(file, "a track list").orElseThrow(() -> new JobStoreException("missing " + file
                + "; run the track stage first"));
        List<Entry> tracks = new ArrayList<>();
        for (JsonNode t : root.path("tracks")) {
            List<FaceRef> faces = new ArrayList<>();
            for (JsonNode f : t.path("faces")) {
                JsonNode b = f.path("box");
                faces.add(new FaceRef(f.path("frame").asInt(), f.path("index").asInt(-1), new BoundingBox(
                        (float) b.path(0).asDouble(), (float) b.path(1).asDouble(), (float) b.path(2).asDouble(),
                        (float) b.path(3).asDouble()), (float) f.path("score").asDouble()));
            }
            tracks.add(new Entry(t.path("id").asText(), t.path("shot").asInt(), faces, t.path("low_quality").asBoolean()));
        }
        return tracks;
    }

    /**
     * The episode's tracks, their faces (with embeddings) taken from the detect results {@code frames}.
     *
     * @throws JobStoreException naming the file when it is missing or names a face the detect results lack
     */
    public static List<Track> read(DataLayout layout, EpisodeKey episode, List<FrameRecord> frames) {
        Map<Integer, FrameRecord> byFrame = new HashMap<>();
        frames.forEach(f -> byFrame.put(f.frame(), f));
        List<Track> tracks = new ArrayList<>();
        for (Entry t : entries(layout, episode)) {
            List<FaceRecord> faces = new ArrayList<>();
            for (FaceRef f : t.faces()) {
                FrameRecord frame = byFrame.get(f.frame());
                if (frame == null || f.index() < 0 || f.index() >= frame.faces().size()) {
                    throw missingFace(layout, episode, t.id(), f.frame());
                }
                faces.add(frame.faces().get(f.index()));
            }
            tracks.add(new Track(t.id(), t.shot(), faces, t.lowQuality()));
        }
        return tracks;
    }

    /** The error for a track naming a face that the detect results do not have. */
    public static JobStoreException missingFace(DataLayout layout, EpisodeKey episode, String track, int frame) {
        return new JobStoreException("corrupt file " + file(layout, episode) + ": track " + track
                + " names a face that the detect results do not have (frame " + frame + ")");
    }

    private static Path file(DataLayout layout, EpisodeKey episode) {
        return layout.stageDir(episode, Stage.TRACK).resolve(TRACKS);
    }
}
