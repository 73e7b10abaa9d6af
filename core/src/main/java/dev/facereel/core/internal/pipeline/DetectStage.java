package dev.facereel.core.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.internal.stages.ShotCutDetector;
import dev.facereel.core.internal.video.FrameSampling;
import dev.facereel.core.internal.video.VideoDecoder;
import dev.facereel.core.internal.video.VideoFrame;
import dev.facereel.spi.Face;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.Landmarks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the video at the sample rate, detects and embeds faces, and appends one line per sampled frame to
 * {@code faces.jsonl} and each face's embedding to {@code embeddings.bin} (little-endian float32 rows after a
 * 16-byte header).
 *
 * <p>The files grow in a work folder of this worker's own, {@code detect/work/<job id>-e<lease epoch>/}. At every
 * heartbeat both are made durable and the last frame is recorded in its {@code checkpoint.json}. A resumed job
 * copies the checkpointed part of the most advanced earlier work folder into its own and seeks past it, so a paused
 * ex-owner that wakes up writes only into its old folder, never into its successor's files. Checkpoints and the
 * final publication are fenced by the lease. Only a finished run moves the files into {@code detect/}, so a failed
 * run leaves earlier results intact.
 */
final class DetectStage {
    static final String FACES = "faces.jsonl";
    static final String EMBEDDINGS = "embeddings.bin";
    static final String CHECKPOINT = "checkpoint.json";
    static final String WORK = "work";
    static final byte[] MAGIC = "FREMB001".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 16;

    private DetectStage() {
    }

    static StageSettings settings(StageContext ctx) {
        return new StageSettings(Map.of("video", ctx.videoFingerprint(), "detector", ctx.detector().modelId(),
                "embedder", ctx.embedder().modelId(), "sample_fps", Double.toString(ctx.settings().sampleFps())));
    }

    /**
     * Where a resumed run picks up: the work folder, the last durable frame and the byte lengths of both files at
     * that point. {@code total} is set (to the sampled frame count) only in the final checkpoint, written once both
     * files are complete and just before they are published.
     */
    private record Checkpoint(Path dir, int lastFrame, long framesDone, long facesBytes, long embeddingsBytes, int shot,
                              float[] shotSignature, int total) {
        boolean complete() {
            return total >= 0;
        }
    }

    static Map<String, String> run(StageContext ctx, ProgressSink sink) {
        Path stageDir = ctx.layout().stageDir(ctx.episode().key(), Stage.DETECT);
        Path workRoot = stageDir.resolve(WORK);
        Path dir = workRoot.resolve(ctx.run().id().value() + "-e" + ctx.run().lease().epoch());
        String fingerprint = settings(ctx).fingerprint();
        try {
            Optional<Checkpoint> resumeFrom = bestCheckpoint(workRoot, fingerprint, stageDir);
            if (resumeFrom.isPresent() && resumeFrom.get().complete()) {
                // An earlier owner finished detecting and died while publishing: finish its publication.
                ctx.run().stageStarted(Stage.DETECT, resumeFrom.get().total());
                ctx.run().checkLease();
                publish(ctx, stageDir, resumeFrom.get().dir());
                return result(ctx, resumeFrom.get());
            }
            Files.createDirectories(dir);
            try (VideoDecoder decoder = VideoDecoder.open(ctx.episode().video());
                 FileChannel faces = open(dir.resolve(FACES));
                 FileChannel embeddings = open(dir.resolve(EMBEDDINGS))) {
                FrameSampling sampling = new FrameSampling(decoder.info().fps(), ctx.settings().sampleFps());
                int total = sampling.count(decoder.info().frameCount());
                Checkpoint cp = resumeFrom.orElse(new Checkpoint(dir, -1, 0, 0, HEADER, 0, null, -1));
                if (resumeFrom.isPresent()) {
                    copyPrefix(cp.dir().resolve(FACES), cp.facesBytes(), faces);
                    copyPrefix(cp.dir().resolve(EMBEDDINGS), cp.embeddingsBytes(), embeddings);
                } else {
                    faces.truncate(0);
                    embeddings.truncate(0);
                    writeFully(dir.resolve(EMBEDDINGS), embeddings, header(ctx.embedder().dimension()));
                }
                removeOtherWork(workRoot, dir);
                ShotCutDetector shots = cp.shotSignature() == null ? new ShotCutDetector()
                        : ShotCutDetector.resume(cp.shot(), cp.shotSignature(), ShotCutDetector.DEFAULT_THRESHOLD);
                EpisodeRecord.write(ctx, decoder.info());
                ctx.run().stageStarted(Stage.DETECT, total);
                long done = cp.framesDone();
                int lastFrame = cp.lastFrame();
                int durableFrame = cp.lastFrame();
                long faceCount = (cp.embeddingsBytes() - HEADER) / (4L * ctx.embedder().dimension());
                Iterator<VideoFrame> frames = decoder.frames(ctx.settings().sampleFps(), cp.lastFrame() + 1);
                int lastShot = cp.shot();
                float[] lastSignature = cp.shotSignature();
                InvalidInputException truncated = null;
                try (FrameAnalysis analysis = new FrameAnalysis(ctx.detector(), ctx.embedder(), ctx.parallelism())) {
                    while (true) {
                        try {
                            while (truncated == null && !analysis.full() && frames.hasNext()) {
                                VideoFrame frame = frames.next();
                                int shot = shots.next(frame.image());
                                analysis.add(frame, shot, shots.lastSignature());
                            }
                        } catch (InvalidInputException e) {
                            truncated = e; // the frames decoded so far are still analysed and kept
                        }
                        if (!analysis.hasPending()) {
                            break;
                        }
                        FrameAnalysis.Analysed a = analysis.next();
                        writeFully(dir.resolve(FACES), faces, ByteBuffer.wrap(line(a.frame(), a.shot(), a.faces())));
                        writeFully(dir.resolve(EMBEDDINGS), embeddings,
                                vectors(a.embeddings(), ctx.embedder().dimension()));
                        faceCount += a.faces().size();
                        done++;
                        lastFrame = a.frame().index();
                        lastShot = a.shot();
                        lastSignature = a.shotSignature();
                        if (ctx.run().isHeartbeatDue()) {
                            durable(ctx, fingerprint, faces, embeddings, new Checkpoint(dir, lastFrame, done,
                                    faces.position(), embeddings.position(), lastShot, lastSignature, -1));
                            durableFrame = lastFrame;
                        }
                        ctx.run().progress(done, durableFrame);
                        sink.frames(done, total, faceCount);
                    }
                }
                if (truncated != null) {
                    durable(ctx, fingerprint, faces, embeddings, new Checkpoint(dir, lastFrame, done, faces.position(),
                            embeddings.position(), lastShot, lastSignature, -1));
                    throw truncated;
                }
                Checkpoint last = new Checkpoint(dir, lastFrame, done, faces.position(), embeddings.position(),
                        lastShot, lastSignature, total);
                durable(ctx, fingerprint, faces, embeddings, last);
                faces.close();
                embeddings.close();
                publish(ctx, stageDir, dir);
                return result(ctx, last);
            }
        } catch (IOException e) {
            throw new JobStoreException("could not write detect results under " + dir + ": " + e, e);
        }
    }

    private static Map<String, String> result(StageContext ctx, Checkpoint last) {
        long faces = (last.embeddingsBytes() - HEADER) / (4L * ctx.embedder().dimension());
        return Map.of("frames", Long.toString(last.framesDone()), "frames_total", Integer.toString(last.total()),
                "faces", Long.toString(faces));
    }

    private static byte[] line(VideoFrame frame, int shot, List<Face> found) {
        ObjectNode n = PipelineJson.MAPPER.createObjectNode();
        n.put("frame", frame.index());
        n.put("t", Math.round(frame.timeSeconds() * 1e6) / 1e6);
        n.put("shot", shot);
        ArrayNode arr = n.putArray("faces");
        for (Face f : found) {
            ObjectNode o = arr.addObject();
            ArrayNode box = o.putArray("box");
            box.add(f.box().x1()).add(f.box().y1()).add(f.box().x2()).add(f.box().y2());
            o.put("score", f.score());
            Landmarks l = f.landmarks();
            if (l != null) {
                ArrayNode kps = o.putArray("kps");
                for (int i = 0; i < l.count(); i++) {
                    kps.addArray().add(l.x(i)).add(l.y(i));
                }
            }
        }
        try {
            byte[] json = PipelineJson.MAPPER.writeValueAsBytes(n);
            byte[] out = new byte[json.length + 1];
            System.arraycopy(json, 0, out, 0, json.length);
            out[json.length] = '\n';
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The embeddings as little-endian float32 rows. */
    private static ByteBuffer vectors(List<float[]> embeddings, int dimension) {
        ByteBuffer out = ByteBuffer.allocate(embeddings.size() * dimension * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] vector : embeddings) {
            for (float v : vector) {
                out.putFloat(v);
            }
        }
        return out.flip();
    }

    /**
     * Makes both files durable, then records the checkpoint (the final one when {@code cp} is complete); a worker
     * that lost its lease records nothing.
     */
    private static void durable(StageContext ctx, String fingerprint, FileChannel faces, FileChannel embeddings,
                                Checkpoint cp) throws IOException {
        faces.force(cp.complete());
        embeddings.force(cp.complete());
        ctx.run().checkLease();
        ObjectNode n = PipelineJson.object();
        n.put("fingerprint", fingerprint);
        n.put("last_frame", cp.lastFrame());
        n.put("frames_done", cp.framesDone());
        n.put("faces_bytes", cp.facesBytes());
        n.put("embeddings_bytes", cp.embeddingsBytes());
        n.put("shot", cp.shot());
        if (cp.complete()) {
            n.put("frames_total", cp.total());
        }
        ArrayNode sig = n.putArray("shot_signature");
        if (cp.shotSignature() != null) {
            for (float v : cp.shotSignature()) {
                sig.add(v);
            }
        }
        PipelineJson.write(cp.dir().resolve(CHECKPOINT), n, ctx.run()::checkLease);
    }

    /**
     * The most advanced checkpoint with these settings among the work folders, if any; a complete one (whose files
     * may already be partly moved to {@code stageDir}) comes first.
     */
    private static Optional<Checkpoint> bestCheckpoint(Path workRoot, String fingerprint, Path stageDir) throws IOException {
        if (!Files.isDirectory(workRoot)) {
            return Optional.empty();
        }
        List<Checkpoint> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workRoot, Files::isDirectory)) {
            for (Path d : dirs) {
                readCheckpoint(d, fingerprint, stageDir).ifPresent(found::add);
            }
        }
        return found.stream().max(Comparator.comparing(Checkpoint::complete).thenComparingLong(Checkpoint::framesDone));
    }

    private static Optional<Checkpoint> readCheckpoint(Path dir, String fingerprint, Path stageDir) {
        Optional<JsonNode> node;
        try {
            node = PipelineJson.read(dir.resolve(CHECKPOINT), "a detect checkpoint");
        } catch (JobStoreException damaged) {
            return Optional.empty();
        }
        return node.filter(n -> fingerprint.equals(n.path("fingerprint").asText())).flatMap(n -> {
            long facesBytes = n.path("faces_bytes").asLong(-1);
            long embBytes = n.path("embeddings_bytes").asLong(-1);
            int total = n.path("frames_total").asInt(-1);
            boolean usable = total >= 0
                    ? isFinal(dir, stageDir, FACES, facesBytes) && isFinal(dir, stageDir, EMBEDDINGS, embBytes)
                    : size(dir.resolve(FACES)) >= facesBytes && size(dir.resolve(EMBEDDINGS)) >= embBytes;
            if (facesBytes < 0 || embBytes < HEADER || !usable) {
                return Optional.empty();
            }
            JsonNode sig = n.path("shot_signature");
            float[] signature = null;
            if (sig.isArray() && sig.size() > 0) {
                signature = new float[sig.size()];
                for (int i = 0; i < signature.length; i++) {
                    signature[i] = (float) sig.get(i).asDouble();
                }
            }
            return Optional.of(new Checkpoint(dir, n.path("last_frame").asInt(), n.path("frames_done").asLong(),
                    facesBytes, embBytes, n.path("shot").asInt(), signature, total));
        });
    }

    /** A finished file of a complete checkpoint: still in the work folder, or already published, at its full length. */
    private static boolean isFinal(Path work, Path stageDir, String name, long length) {
        return Files.exists(work.resolve(name)) ? size(work.resolve(name)) == length : size(stageDir.resolve(name)) == length;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Replaces the published results with the finished work files of a complete checkpoint; the settings go last,
     * as the mark of completion, and then the work folders go. Each step can be repeated, so a worker that dies
     * anywhere in here leaves a publication that the next owner finishes: a file no longer in the work folder has
     * been moved already.
     */
    private static void publish(StageContext ctx, Path stageDir, Path work) throws IOException {
        ctx.run().checkLease();
        AtomicFiles.deleteIfExists(stageDir.resolve(StageSettings.FILE));
        for (String name : List.of(FACES, EMBEDDINGS)) {
            if (Files.exists(work.resolve(name))) {
                ctx.run().checkLease();
                Files.move(work.resolve(name), stageDir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        settings(ctx).writeTo(stageDir, List.of(FACES, EMBEDDINGS), ctx.run()::checkLease);
        AtomicFiles.deleteTree(work.getParent());
    }

    /** Deletes the work folders a finished detect left behind (its owner died after publishing). */
    static void removeWork(StageContext ctx) {
        AtomicFiles.deleteTree(ctx.layout().stageDir(ctx.episode().key(), Stage.DETECT).resolve(WORK));
    }

    /** Copies the first {@code length} bytes of {@code from} into the empty channel. */
    private static void copyPrefix(Path from, long length, FileChannel to) throws IOException {
        to.truncate(0);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
            long copied = 0;
            while (copied < length) {
                copied += in.transferTo(copied, length - copied, to);
            }
        }
        to.position(length);
    }

    /** Deletes earlier workers' folders once their checkpointed results are copied. */
    private static void removeOtherWork(Path workRoot, Path mine) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workRoot)) {
            for (Path d : dirs) {
                if (!d.equals(mine)) {
                    AtomicFiles.deleteTree(d);
                }
            }
        }
    }

    private static ByteBuffer header(int dimension) {
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(dimension).putInt(0);
        return b.flip();
    }

    private static FileChannel open(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Appends the whole buffer; a failure (a full disk) names the file. */
    private static void writeFully(Path file, FileChannel ch, ByteBuffer buf) {
        try {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new JobStoreException("could not write " + file + ": " + e, e);
        }
    }
}
