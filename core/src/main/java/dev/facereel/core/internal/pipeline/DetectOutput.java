package dev.facereel.core.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.stages.FaceRecord;
import dev.facereel.core.internal.stages.FrameRecord;
import dev.facereel.spi.BoundingBox;
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
import java.util.List;

/** Reads what the detect stage wrote: {@code faces.jsonl} with the embeddings from {@code embeddings.bin}. */
final class DetectOutput {
    private DetectOutput() {
    }

    static List<FrameRecord> read(StageContext ctx) {
        Path dir = ctx.layout().stageDir(ctx.episode().key(), Stage.DETECT);
        Path facesFile = dir.resolve(DetectStage.FACES);
        Path embFile = dir.resolve(DetectStage.EMBEDDINGS);
        List<FrameRecord> frames = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(facesFile, StandardCharsets.UTF_8);
             InputStream emb = Files.newInputStream(embFile)) {
            byte[] header = emb.readNBytes(DetectStage.HEADER);
            if (header.length < DetectStage.HEADER
                    || !Arrays.equals(Arrays.copyOf(header, DetectStage.MAGIC.length), DetectStage.MAGIC)) {
                throw new JobStoreException("corrupt file " + embFile + ": expected an embeddings file starting with "
                        + new String(DetectStage.MAGIC, StandardCharsets.US_ASCII));
            }
            int dim = ByteBuffer.wrap(header, DetectStage.MAGIC.length, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
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
                            (float) f.path("score").asDouble(), kps, v));
                }
                frames.add(new FrameRecord(frame, t, n.path("shot").asInt(), faces));
            }
        } catch (IOException e) {
            throw new JobStoreException("could not read detect results in " + dir + ": " + e, e);
        } catch (RuntimeException e) {
            if (e instanceof JobStoreException) {
                throw e;
            }
            throw new JobStoreException("corrupt detect results in " + dir + ": " + e.getMessage(), e);
        }
        return frames;
    }
}
