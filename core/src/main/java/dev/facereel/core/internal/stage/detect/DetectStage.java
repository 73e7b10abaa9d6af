package dev.facereel.core.internal.stage.detect;

import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.internal.stage.EpisodeFile;
import dev.facereel.core.internal.stage.PipelineStage;
import dev.facereel.core.internal.stage.StageContext;
import dev.facereel.core.internal.stage.StageSettings;
import dev.facereel.core.internal.stage.detect.DetectCodec.Checkpoint;
import dev.facereel.core.internal.video.VideoDecoder;
import dev.facereel.core.internal.video.VideoFrame;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the video at the sample rate, detects and embeds faces, and appends one line per sampled frame to
 * {@code faces.jsonl} and each face's embedding to {@code embeddings.bin} ({@link DetectCodec}).
 *
 * <p>The files grow in a work folder of this worker's own ({@link DetectWork}). A resumed job copies the
 * checkpointed part of the most advanced earlier work folder into its own and seeks past it, so a paused ex-owner
 * that wakes up writes only into its old folder, never into its successor's files. Checkpoints and the final
 * publication are fenced by the lease. Only a finished run moves the files into {@code detect/}, so a failed run
 * leaves earlier results intact.
 */
public final class DetectStage extends PipelineStage {
    /**
     * The version of the decoding rules that decide which frames are analysed and how: frames in presentation
     * order with times from their timestamps, sampled by time, analysed scaled down to the detector's input side.
     */
    static final String DECODE_RULES = "2";

    public DetectStage() {
        super(Stage.DETECT, List.of(), "0.50", "detecting");
    }

    @Override
    public Map<String, String> settings(StageContext ctx) {
        return Map.of("video", ctx.videoFingerprint(), "detector", ctx.detector().modelId(),
                "embedder", ctx.embedder().modelId(), "sample_fps", Double.toString(ctx.settings().sampleFps()),
                "decode", DECODE_RULES, "face_quality", FaceQuality.VERSION, "shot_cuts", ShotCutDetector.VERSION);
    }

    @Override
    public Map<String, String> run(StageContext ctx) {
        Path stageDir = ctx.dir(Stage.DETECT);
        Path workRoot = stageDir.resolve(DetectCodec.WORK);
        Path dir = workRoot.resolve(ctx.run().id().value() + "-e" + ctx.run().lease().epoch());
        StageSettings settings = ctx.settingsOf(Stage.DETECT);
        String fingerprint = settings.fingerprint();
        try {
            Optional<Checkpoint> resumeFrom = DetectWork.best(workRoot, fingerprint, stageDir);
            if (resumeFrom.isPresent() && resumeFrom.get().complete()) {
                // An earlier owner finished detecting and died while publishing: finish its publication.
                ctx.run().stageStarted(Stage.DETECT, resumeFrom.get().total());
                ctx.run().checkLease();
                DetectWork.publish(ctx, settings, stageDir, resumeFrom.get().dir());
                return result(ctx, resumeFrom.get());
            }
            Files.createDirectories(dir);
            try (VideoDecoder decoder = VideoDecoder.open(ctx.episode().video());
                 DetectWork work = new DetectWork(dir, resumeFrom, ctx.embedder().dimension())) {
                int total = decoder.times().count(ctx.settings().sampleFps());
                double rate = Math.min(decoder.info().fps(), ctx.settings().sampleFps());
                ShotCutDetector shots = resumeFrom.map(cp -> ShotCutDetector.resume(cp.shotState(), rate))
                        .orElseGet(() -> new ShotCutDetector(rate));
                EpisodeFile.write(ctx, decoder.info());
                ctx.run().stageStarted(Stage.DETECT, total);
                int next = resumeFrom.map(cp -> cp.lastFrame() + 1).orElse(0);
                analyse(ctx, decoder.frames(ctx.settings().sampleFps(), next, ctx.detector().maxInputSide()), shots,
                        work, fingerprint, total);
                Checkpoint last = work.checkpoint(ctx, fingerprint, total);
                work.close();
                DetectWork.publish(ctx, settings, stageDir, dir);
                return result(ctx, last);
            }
        } catch (IOException e) {
            throw new JobStoreException("could not write detect results under " + dir + ": " + e, e);
        }
    }

    /**
     * Decodes on this thread while {@link FrameAnalysis} detects and embeds, appending each analysed frame in order
     * and checkpointing at every heartbeat. A video that cannot be decoded further keeps what was decoded before:
     * those frames are analysed and checkpointed, and then the error is thrown.
     */
    private static void analyse(StageContext ctx, Iterator<VideoFrame> frames, ShotCutDetector shots, DetectWork work,
                                String fingerprint, int total) throws IOException {
        InvalidInputException truncated = null;
        try (FrameAnalysis analysis = new FrameAnalysis(ctx.detector(), ctx.embedder(), ctx.parallelism())) {
            while (true) {
                try {
                    while (truncated == null && !analysis.full() && frames.hasNext()) {
                        VideoFrame frame = frames.next();
                        int shot = shots.next(frame.analysisImage());
                        analysis.add(frame, shot, shots.state());
                    }
                } catch (InvalidInputException e) {
                    truncated = e; // the frames decoded so far are still analysed and kept
                }
                if (!analysis.hasPending()) {
                    break;
                }
                work.append(analysis.next());
                if (ctx.run().isHeartbeatDue()) {
                    work.checkpoint(ctx, fingerprint, -1);
                }
                ctx.run().progress(work.framesDone(), work.durableFrame());
                ctx.progress().frames(work.framesDone(), total, work.faces());
            }
        }
        if (truncated != null) {
            work.checkpoint(ctx, fingerprint, -1);
            throw truncated;
        }
    }

    /** Deletes the work folders a finished detect left behind (its owner died after publishing). */
    @Override
    public void cleanUp(StageContext ctx) {
        AtomicFiles.deleteTree(ctx.dir(Stage.DETECT).resolve(DetectCodec.WORK));
    }

    private static Map<String, String> result(StageContext ctx, Checkpoint last) {
        long faces = (last.embeddingsBytes() - DetectCodec.HEADER) / (4L * ctx.embedder().dimension());
        return Map.of("frames", Long.toString(last.framesDone()), "frames_total", Integer.toString(last.total()),
                "faces", Long.toString(faces));
    }
}
