package dev.facereel.core.internal.pipeline;

import dev.facereel.core.Stage;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.internal.stages.FaceRecord;
import dev.facereel.core.internal.stages.FrameRecord;
import dev.facereel.core.internal.stages.StillPicker;
import dev.facereel.core.internal.stages.Track;
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
final class StillsStage {
    private StillsStage() {
    }

    static StageSettings settings(StageContext ctx) {
        return new StageSettings(Map.of("track", TrackStage.settings(ctx).fingerprint(),
                "margin", Double.toString(StillPicker.DEFAULT_MARGIN),
                "quality", Integer.toString(StillPicker.DEFAULT_JPEG_QUALITY)));
    }

    private record Best(double score, byte[] jpeg) {
    }

    static Map<String, String> run(StageContext ctx, ProgressSink sink) {
        List<FrameRecord> frames = DetectOutput.read(ctx);
        List<Track> tracks = TrackStage.read(ctx, frames);
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
                    sink.frames(frame.index() + 1L, lastWanted + 1L, 0);
                    if (frame.index() >= lastWanted) {
                        break;
                    }
                }
            }
        }
        Path dir = ctx.layout().stageDir(ctx.episode().key(), Stage.STILLS);
        ctx.run().checkLease();
        clearStills(dir);
        best.forEach((id, b) -> AtomicFiles.write(dir.resolve(id + ".jpg"), b.jpeg(), ctx.run()::checkLease));
        settings(ctx).writeTo(dir, best.keySet().stream().map(id -> id + ".jpg").toList(), ctx.run()::checkLease);
        return Map.of("stills", Integer.toString(best.size()));
    }

    private static void clearStills(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.jpg")) {
            for (Path p : old) {
                AtomicFiles.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new dev.facereel.core.JobStoreException("could not clear " + dir + ": " + e, e);
        }
    }
}
