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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the video at the sample rate, detects and embeds faces, and appends one line per sampled frame to
 * {@code faces.jsonl} and each face's embedding to {@code embeddings.bin} (little-endian float32 rows after a
 * 16-byte header). The files grow in {@code detect/work/}; at every heartbeat both are made durable and the last
 * frame is recorded in {@code work/checkpoint.json}, and a resumed job cuts the files back to that point and seeks
 * past it. Only a finished run moves them into {@code detect/}, so a failed run leaves earlier results intact.
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

    /** Where a resumed run picks up: the last durable frame and the byte lengths of both files at that point. */
    private record Checkpoint(int lastFrame, long framesDone, long facesBytes, long embeddingsBytes, int shot,
                              float[] shotSignature) {
    }

    static Map<String, String> run(StageContext ctx, ProgressSink sink) {
        Path stageDir = ctx.layout().stageDir(ctx.episode().key(), Stage.DETECT);
        Path dir = stageDir.resolve(WORK);
        String fingerprint = settings(ctx).fingerprint();
        Optional<Checkpoint> resumeFrom = readCheckpoint(dir, fingerprint);
        try (VideoDecoder decoder = VideoDecoder.open(ctx.episode().video());
             FileChannel faces = open(dir.resolve(FACES));
             FileChannel embeddings = open(dir.resolve(EMBEDDINGS))) {
            FrameSampling sampling = new FrameSampling(decoder.info().fps(), ctx.settings().sampleFps());
            int total = sampling.count(decoder.info().frameCount());
            Checkpoint cp = resumeFrom.orElse(new Checkpoint(-1, 0, 0, HEADER, 0, null));
            faces.truncate(cp.facesBytes());
            if (resumeFrom.isEmpty()) {
                embeddings.truncate(0);
                embeddings.write(header(ctx.embedder().dimension()), 0);
            }
            embeddings.truncate(cp.embeddingsBytes());
            faces.position(cp.facesBytes());
            embeddings.position(cp.embeddingsBytes());
            ShotCutDetector shots = cp.shotSignature() == null ? new ShotCutDetector()
                    : ShotCutDetector.resume(cp.shot(), cp.shotSignature(), ShotCutDetector.DEFAULT_THRESHOLD);
            EpisodeRecord.write(ctx, decoder.info());
            ctx.run().stageStarted(Stage.DETECT, total);
            long done = cp.framesDone();
            int lastFrame = cp.lastFrame();
            int durableFrame = cp.lastFrame();
            long faceCount = (cp.embeddingsBytes() - HEADER) / (4L * ctx.embedder().dimension());
            long checkpointedAtSeq = ctx.run().envelope().heartbeatSeq();
            Iterator<VideoFrame> frames = decoder.frames(ctx.settings().sampleFps(), cp.lastFrame() + 1);
            try {
                while (frames.hasNext()) {
                    VideoFrame frame = frames.next();
                    List<Face> found = ctx.detector().detect(frame.image());
                    int shot = shots.next(frame.image());
                    ByteBuffer vectors = ByteBuffer.allocate(found.size() * ctx.embedder().dimension() * 4)
                            .order(ByteOrder.LITTLE_ENDIAN);
                    for (Face face : found) {
                        for (float v : ctx.embedder().embed(frame.image(), face)) {
                            vectors.putFloat(v);
                        }
                    }
                    writeFully(faces, ByteBuffer.wrap(line(frame, shot, found)));
                    writeFully(embeddings, vectors.flip());
                    faceCount += found.size();
                    done++;
                    lastFrame = frame.index();
                    // The heartbeat timer beats while this loop is busy, which keeps isHeartbeatDue() false; a
                    // heartbeat seen since the last checkpoint is due a checkpoint too.
                    long seq = ctx.run().envelope().heartbeatSeq();
                    if (ctx.run().isHeartbeatDue() || seq != checkpointedAtSeq) {
                        durable(dir, fingerprint, faces, embeddings, new Checkpoint(lastFrame, done, faces.position(),
                                embeddings.position(), shots.shot(), shots.lastSignature()));
                        durableFrame = lastFrame;
                        checkpointedAtSeq = seq;
                    }
                    ctx.run().progress(done, durableFrame);
                    sink.frames(done, total, faceCount);
                }
            } catch (InvalidInputException truncated) {
                durable(dir, fingerprint, faces, embeddings, new Checkpoint(lastFrame, done, faces.position(),
                        embeddings.position(), shots.shot(), shots.lastSignature()));
                throw truncated;
            }
            faces.force(true);
            embeddings.force(true);
            publish(ctx, stageDir, dir);
            return Map.of("frames", Long.toString(done), "frames_total", Integer.toString(total),
                    "faces", Long.toString(faceCount));
        } catch (IOException e) {
            throw new JobStoreException("could not write detect results under " + dir + ": " + e, e);
        }
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

    private static void durable(Path dir, String fingerprint, FileChannel faces, FileChannel embeddings, Checkpoint cp)
            throws IOException {
        faces.force(false);
        embeddings.force(false);
        ObjectNode n = PipelineJson.object();
        n.put("fingerprint", fingerprint);
        n.put("last_frame", cp.lastFrame());
        n.put("frames_done", cp.framesDone());
        n.put("faces_bytes", cp.facesBytes());
        n.put("embeddings_bytes", cp.embeddingsBytes());
        n.put("shot", cp.shot());
        ArrayNode sig = n.putArray("shot_signature");
        if (cp.shotSignature() != null) {
            for (float v : cp.shotSignature()) {
                sig.add(v);
            }
        }
        PipelineJson.write(dir.resolve(CHECKPOINT), n);
    }

    private static Optional<Checkpoint> readCheckpoint(Path dir, String fingerprint) {
        Optional<JsonNode> node;
        try {
            node = PipelineJson.read(dir.resolve(CHECKPOINT), "a detect checkpoint");
        } catch (JobStoreException damaged) {
            return Optional.empty();
        }
        return node.filter(n -> fingerprint.equals(n.path("fingerprint").asText())).flatMap(n -> {
            long facesBytes = n.path("faces_bytes").asLong(-1);
            long embBytes = n.path("embeddings_bytes").asLong(-1);
            if (facesBytes < 0 || embBytes < HEADER || size(dir.resolve(FACES)) < facesBytes
                    || size(dir.resolve(EMBEDDINGS)) < embBytes) {
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
            return Optional.of(new Checkpoint(n.path("last_frame").asInt(), n.path("frames_done").asLong(), facesBytes,
                    embBytes, n.path("shot").asInt(), signature));
        });
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Replaces the published results with the finished work files; settings go last, as the mark of completion. */
    private static void publish(StageContext ctx, Path stageDir, Path work) throws IOException {
        AtomicFiles.deleteIfExists(stageDir.resolve(StageSettings.FILE));
        for (String name : List.of(FACES, EMBEDDINGS)) {
            Files.move(work.resolve(name), stageDir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        AtomicFiles.deleteIfExists(work.resolve(CHECKPOINT));
        try (DirectoryStream<Path> left = Files.newDirectoryStream(work)) {
            for (Path p : left) {
                if (AtomicFiles.isTemporary(p)) {
                    AtomicFiles.deleteIfExists(p); // a checkpoint write cut short by a crash
                }
            }
        }
        Files.deleteIfExists(work);
        settings(ctx).writeTo(stageDir);
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

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
