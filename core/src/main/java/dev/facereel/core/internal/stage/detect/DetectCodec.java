package dev.facereel.core.internal.stage.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.stage.PipelineJson;
import dev.facereel.core.internal.video.VideoFrame;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Face;
import dev.facereel.spi.Landmarks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The detect stage's files, written and read here only. {@code faces.jsonl}: one line per sampled frame, {@code
 * {"frame","t","shot","faces":[{"box":[x1,y1,x2,y2],"score","quality","kps":[[x,y]…]}]}} ({@code quality}
 * from {@link FaceQuality}; {@code kps} only when the
 * detector gives landmarks). {@code embeddings.bin}: a 16-byte header ({@code FREMB001}, the dimension as a
 * little-endian int32, 4 bytes zero), then one little-endian float32 row per face, in the order of the faces in
 * {@code faces.jsonl}. {@code checkpoint.json} in each work folder: where a resumed run picks up.
 */
public final class DetectCodec {
    static final String FACES = "faces.jsonl";
    static final String EMBEDDINGS = "embeddings.bin";
    static final String CHECKPOINT = "checkpoint.json";
    static final String WORK = "work";
    static final int HEADER = 16;
    private static final byte[] MAGIC = "FREMB001".getBytes(StandardCharsets.US_ASCII);

    private DetectCodec() {
    }

    /** The published result files, relative to the stage folder. */
    static List<String> outputs() {
        return List.of(FACES, EMBEDDINGS);
    }

    /**
     * Every sampled frame of the episode's published detect results, with its faces and their embeddings.
     *
     * @throws JobStoreException naming the file when a file is missing or damaged
     */
    public static List<FrameRecord> read(DataLayout layout, EpisodeKey episode) {
        Path dir = layout.stageDir(episode, Stage.DETECT);
        Path facesFile = dir.resolve(FACES);
        Path embFile = dir.resolve(EMBEDDINGS);
        List<FrameRecord> frames = new ArrayList<>();
        try (InputStream emb = Files.newInputStream(embFile)) {
            byte[] header = emb.readNBytes(HEADER);
            if (header.length < HEADER || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
                throw new JobStoreException("corrupt file " + embFile + ": expected an embeddings file starting with "
                        + new String(MAGIC, StandardCharsets.US_ASCII));
            }
            int dim = ByteBuffer.wrap(header, MAGIC.length, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            forEachLine(dir, n -> {
                int frame = n.path("frame").asInt();
                double t = n.path("t").asDouble();
                List<FaceRecord> faces = new ArrayList<>();
                for (JsonNode f : n.path("faces")) {
                    JsonNode b = f.path("box");
                    Landmarks kps = null;
                    if (f.has("kps")) {
                        float[] xy = new float[f.path("kps").size() * 2];
                        int i = 0;
                        for (JsonNode p : f.path("kps")) {
                            xy[i++] = (float) p.get(0).asDouble();
                            xy[i++] = (float) p.get(1).asDouble();
                        }
                        kps = new Landmarks(xy);
                    }
                    byte[] raw = emb.readNBytes(dim * 4);
                    if (raw.length < dim * 4) {
                        throw new JobStoreException("corrupt file " + embFile + ": it ends before the embedding of a face in "
                                + "frame " + frame + " of " + facesFile);
                    }
                    float[] v = new float[dim];
                    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                    faces.add(new FaceRecord(frame, t, new BoundingBox((float) b.get(0).asDouble(),
                            (float) b.get(1).asDouble(), (float) b.get(2).asDouble(), (float) b.get(3).asDouble()),
                            (float) f.path("score").asDouble(), (float) f.path("quality").asDouble(), kps, v));
                }
                frames.add(new FrameRecord(frame, t, n.path("shot").asInt(), faces));
            });
        } catch (IOException e) {
            throw new JobStoreException("could not read detect results in " + dir + ": " + e, e);
        }
        return frames;
    }

    /**
     * The time of every sampled frame, by frame number, from {@code faces.jsonl} alone (no embeddings are read).
     *
     * @throws JobStoreException naming the file when it is missing or damaged
     */
    public static Map<Integer, Double> frameTimes(DataLayout layout, EpisodeKey episode) {
        Map<Integer, Double> times = new HashMap<>();
        forEachLine(layout.stageDir(episode, Stage.DETECT), n -> times.put(n.path("frame").asInt(), n.path("t").asDouble()));
        return times;
    }

    private interface Line {
        void accept(JsonNode line) throws IOException;
    }

    /** Each line of {@code faces.jsonl} in {@code dir}, parsed; a damaged file fails naming it. */
    private static void forEachLine(Path dir, Line visitor) {
        Path facesFile = dir.resolve(FACES);
        try (BufferedReader lines = Files.newBufferedReader(facesFile, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = lines.readLine()) != null) {
                lineNo++;
                JsonNode n;
                try {
                    n = PipelineJson.MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new JobStoreException("corrupt file " + facesFile + " at line " + lineNo + ": not valid JSON");
                }
                visitor.accept(n);
            }
        } catch (IOException e) {
            throw new JobStoreException("could not read detect results in " + dir + ": " + e, e);
        } catch (RuntimeException e) {
            if (e instanceof JobStoreException) {
                throw e;
            }
            throw new JobStoreException("corrupt detect results in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One frame's line of {@code faces.jsonl}, with its newline; {@code qualities} has one value per face. */
    public static byte[] line(VideoFrame frame, int shot, List<Face> found, List<Float> qualities) {
        if (qualities.size() != found.size()) {
            throw new IllegalArgumentException(found.size() + " faces but " + qualities.size() + " qualities");
        }
        ObjectNode n = PipelineJson.MAPPER.createObjectNode();
        n.put("frame", frame.index());
        n.put("t", Math.round(frame.timeSeconds() * 1e6) / 1e6);
        n.put("shot", shot);
        ArrayNode arr = n.putArray("faces");
        for (int k = 0; k < found.size(); k++) {
            Face f = found.get(k);
            ObjectNode o = arr.addObject();
            ArrayNode box = o.putArray("box");
            box.add(f.box().x1()).add(f.box().y1()).add(f.box().x2()).add(f.box().y2());
            o.put("score", f.score());
            o.put("quality", qualities.get(k));
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

    /** One frame's faces' embeddings as little-endian float32 rows of {@code embeddings.bin}. */
    public static ByteBuffer vectors(List<float[]> embeddings, int dimension) {
        ByteBuffer out = ByteBuffer.allocate(embeddings.size() * dimension * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] vector : embeddings) {
            for (float v : vector) {
                out.putFloat(v);
            }
        }
        return out.flip();
    }

    /** The header of {@code embeddings.bin} for embeddings of {@code dimension} floats. */
    public static ByteBuffer header(int dimension) {
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(dimension).putInt(0);
        return b.flip();
    }

    /**
     * Where a resumed run picks up: the work folder, the last durable frame and the byte lengths of both files at
     * that point. {@code total} is set (to the sampled frame count) only in the final checkpoint, written once both
     * files are complete and just before they are published.
     */
    record Checkpoint(Path dir, int lastFrame, long framesDone, long facesBytes, long embeddingsBytes,
                      ShotCutDetector.State shotState, int total) {
        boolean complete() {
            return total >= 0;
        }
    }

    static void writeCheckpoint(Checkpoint cp, String fingerprint, Runnable fence) {
        ObjectNode n = PipelineJson.object();
        n.put("fingerprint", fingerprint);
        n.put("last_frame", cp.lastFrame());
        n.put("frames_done", cp.framesDone());
        n.put("faces_bytes", cp.facesBytes());
        n.put("embeddings_bytes", cp.embeddingsBytes());
        if (cp.complete()) {
            n.put("frames_total", cp.total());
        }
        ShotCutDetector.State shot = cp.shotState();
        n.put("shot", shot.shot());
        ArrayNode recent = n.putArray("shot_recent");
        shot.recent().forEach(signature -> putSignature(recent.addArray(), signature));
        if (shot.anchor() != null) {
            putSignature(n.putArray("shot_anchor"), shot.anchor());
        }
        PipelineJson.write(cp.dir().resolve(CHECKPOINT), n, fence);
    }

    /**
     * The checkpoint of a work folder if it was written with these settings and its files are still usable;
     * a damaged one counts as none.
     */
    static Optional<Checkpoint> readCheckpoint(Path dir, String fingerprint, Path stageDir) {
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
            List<float[]> recent = new ArrayList<>();
            n.path("shot_recent").forEach(sig -> recent.add(signature(sig)));
            ShotCutDetector.State shot;
            try {
                shot = new ShotCutDetector.State(n.path("shot").asInt(-1), recent,
                        n.has("shot_anchor") ? signature(n.path("shot_anchor")) : null);
            } catch (IllegalArgumentException damaged) {
                return Optional.empty();
            }
            return Optional.of(new Checkpoint(dir, n.path("last_frame").asInt(), n.path("frames_done").asLong(),
                    facesBytes, embBytes, shot, total));
        });
    }

    /** A shot signature as whole grey levels (they are area-averaged bytes, so nothing is lost). */
    private static void putSignature(ArrayNode into, float[] signature) {
        for (float v : signature) {
            into.add((int) v);
        }
    }

    private static float[] signature(JsonNode values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values.get(i).asDouble();
        }
        return out;
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
}
