package dev.facereel.core.internal.stage.track;

import dev.facereel.core.Stage;
import dev.facereel.core.internal.stage.PipelineStage;
import dev.facereel.core.internal.stage.StageContext;
import dev.facereel.core.internal.stage.detect.DetectCodec;
import dev.facereel.core.internal.stage.detect.FrameRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Links the detected faces into tracks that never cross a shot cut, only good faces starting one (the pipeline's
 * face filter, part of this stage's settings), and writes {@code track/tracks.json}.
 */
public final class TrackStage extends PipelineStage {
    public TrackStage() {
        super(Stage.TRACK, List.of(Stage.DETECT), "0.20", "tracking");
    }

    @Override
    public Map<String, String> settings(StageContext ctx) {
        return Map.of("tracker", tracker(ctx).toString());
    }

    private static Tracker.Settings tracker(StageContext ctx) {
        return Tracker.Settings.DEFAULTS.with(ctx.settings().faces());
    }

    @Override
    public Map<String, String> run(StageContext ctx) {
        ctx.run().stageStarted(Stage.TRACK, 1);
        List<FrameRecord> frames = DetectCodec.read(ctx.layout(), ctx.episode().key());
        // progress in frames linked, plus one unit for writing the tracks
        long units = frames.size() + 1L;
        ctx.run().stageStarted(Stage.TRACK, units);
        int every = Math.max(1, frames.size() / 100);
        List<Track> tracks = new Tracker(tracker(ctx)).track(frames, done -> {
            if (done % every == 0) {
                ctx.run().progress(done, 0);
                ctx.progress().frames(done, units, 0);
            }
        });
        Path dir = ctx.dir(Stage.TRACK);
        TrackCodec.write(dir, frames, tracks, ctx.fence());
        ctx.settingsOf(Stage.TRACK).writeTo(dir, List.of(TrackCodec.TRACKS), ctx.fence());
        ctx.run().progress(units, 0);
        return Map.of("tracks", Integer.toString(tracks.size()));
    }
}
