package dev.facereel.core.internal.stage.stills;

import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.internal.stage.PipelineStage;
import dev.facereel.core.internal.stage.StageContext;
import dev.facereel.core.internal.stage.detect.DetectCodec;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.detect.FrameRecord;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.core.internal.stage.track.TrackCodec;
import dev.facereel.core.internal.video.VideoDecoder;
import dev.facereel.core.internal.video.VideoFrame;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Picks the best face of each track (detector score, size and sharpness) and writes it as
 * {@code stills/<track_id>.jpg}. Decodes the video once, in order, keeping only the current best crop per track.
 */
public final class StillsStage extends PipelineStage {
    private static final String SUFFIX = ".jpg";
    /** The margin around the face in a still, as a fraction of the face box's width and height on each side. */
    public static final double CROP_MARGIN = StillPicker.DEFAULT_MARGIN;

    public StillsStage() {
        super(Stage.STILLS, List.of(Stage.TRACK), "0.05", "making stills");
    }

    @Override
    public Map<String, String> settings(StageContext ctx) {
        return Map.of("margin", Double.toString(StillPicker.DEFAULT_MARGIN),
                "quality", Integer.toString(StillPicker.DEFAULT_JPEG_QUALITY));
    }

    /** The still of a track, relative to the episode's folder: {@code stills/<track id>.jpg}. */
    public static String stillOf(String trackId) {
        return Stage.STILLS.id() + "/" + trackId + SUFFIX;
    }

    private record Best(double score, byte[] jpeg) {
    }

    @Override
    public Map<String, String> run(StageContext ctx) {
        List<FrameRecord> frames = DetectCodec.read(ctx.layout(), ctx.episode().key());
        List<Track> tracks = TrackCodec.read(ctx.layout(), ctx.episode().key(), frames);
        Map<Integer, List<Map.Entry<String, FaceRecord>>> wanted = new HashMap<>();
        for (Track t : tracks) {
            for (FaceRecord f : t.faces()) {
                wanted.computeIfAbsent(f.frame(), k -> new ArrayList<>()).add(Map.entry(t.id(), f));
            }
        }
        int lastWanted = wanted.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        ctx.run().stageStarted(Stage.STILLS, lastWanted + 1L);
        StillPicker picker = new StillPicker();
        Map<String, Best> best = new HashMap<>();
        if (lastWanted >= 0) {
            try (VideoDecoder decoder = VideoDecoder.open(ctx.episode().video())) {
                Iterator<VideoFrame> it = decoder.frames(ctx.settings().sampleFps(), 0);
                while (it.hasNext()) {
                    VideoFrame frame = it.next();
                    for (Map.Entry<String, FaceRecord> e : wanted.getOrDefault(frame.index(), List.of())) {
                        double score = picker.score(frame.image(), e.getValue());
                        Best current = best.get(e.getKey());
                        if (current == null || score > current.score()) {
                            best.put(e.getKey(), new Best(score, picker.cropJpeg(frame.image(), e.getValue().box())));
                        }
                    }
                    ctx.run().progress(frame.index() + 1L, -1);
                    ctx.progress().frames(frame.index() + 1L, lastWanted + 1L, 0);
                    if (frame.index() >= lastWanted) {
                        break;
                    }
                }
            }
        }
        Path dir = ctx.dir(Stage.STILLS);
        ctx.run().checkLease();
        clearStills(dir);
        best.forEach((id, b) -> AtomicFiles.write(dir.resolve(id + SUFFIX), b.jpeg(), ctx.fence()));
        ctx.settingsOf(Stage.STILLS).writeTo(dir, best.keySet().stream().map(id -> id + SUFFIX).toList(), ctx.fence());
        return Map.of("stills", Integer.toString(best.size()));
    }

    private static void clearStills(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : old) {
                AtomicFiles.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new JobStoreException("could not clear " + dir + ": " + e, e);
        }
    }
}
