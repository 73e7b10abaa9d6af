package dev.facereel.bench;

import ai.onnxruntime.OrtSession;
import dev.facereel.core.internal.stage.detect.DetectCodec;
import dev.facereel.core.internal.stage.detect.FaceQuality;
import dev.facereel.core.internal.stage.detect.ShotCutDetector;
import dev.facereel.core.internal.video.VideoDecoder;
import dev.facereel.core.internal.video.VideoFrame;
import dev.facereel.onnx.ArcFaceEmbedderProvider;
import dev.facereel.onnx.ScrfdDetectorProvider;
import dev.facereel.onnx.internal.ScrfdDetector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.ProviderConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the detect stage's time goes: the same per-frame steps as {@code DetectStage}, with the same providers
 * and settings, each timed on its own. Decoding and shot numbering use core's own classes, SCRFD is split into
 * its prepare / inference / decode calls, and the write step writes what the stage writes per frame through the
 * stage's own {@link DetectCodec} (the frame's line of {@code faces.jsonl}, its faces' embeddings), each to a file
 * channel. Milliseconds per frame.
 */
final class Breakdown {
    private Breakdown() {
    }

    static Map<String, Double> run(Assets assets, int threads) throws IOException {
        Map<String, long[]> nanos = new LinkedHashMap<>();
        for (String step : List.of("decode", "detect.prepare", "detect.infer", "detect.post", "shot", "embed",
                "write")) {
            nanos.put(step, new long[1]);
        }
        Path facesOut = Files.createTempFile("facereel-bench", ".jsonl");
        Path embeddingsOut = Files.createTempFile("facereel-bench", ".bin");
        long frames = 0;
        long start;
        long end;
        try (VideoDecoder decoder = VideoDecoder.open(assets.episode());
             ScrfdDetector detector = (ScrfdDetector) new ScrfdDetectorProvider().create(
                     ProviderConfig.ofModel(assets.detectorModel()).with("input_size", "640")
                             .with("threads", Integer.toString(threads)));
             Embedder embedder = new ArcFaceEmbedderProvider().create(
                     ProviderConfig.ofModel(assets.embedderModel()).with("threads", Integer.toString(threads)));
             FileChannel faceLines = FileChannel.open(facesOut, StandardOpenOption.WRITE);
             FileChannel embeddings = FileChannel.open(embeddingsOut, StandardOpenOption.WRITE)) {
            embeddings.write(DetectCodec.header(embedder.dimension()));
            ShotCutDetector shots = new ShotCutDetector();
            Iterator<VideoFrame> it = decoder.frames(decoder.info().fps(), 0);
            start = System.nanoTime();
            while (true) {
                long t0 = System.nanoTime();
                if (!it.hasNext()) {
                    break;
                }
                VideoFrame frame = it.next();
                long t1 = System.nanoTime();
                List<Face> faces;
                long t2;
                long t3;
                try (ScrfdDetector.Prepared prepared = detector.prepare(frame.image())) {
                    t2 = System.nanoTime();
                    try (OrtSession.Result result = detector.infer(prepared)) {
                        t3 = System.nanoTime();
                        faces = detector.decode(prepared, result);
                    }
                }
                long t4 = System.nanoTime();
                int shot = shots.next(frame.image());
                long t5 = System.nanoTime();
                List<float[]> vectors = new ArrayList<>(faces.size());
                for (Face face : faces) {
                    vectors.add(embedder.embed(frame.image(), face));
                }
                List<Float> qualities = FaceQuality.of(frame.image(), faces);
                long t6 = System.nanoTime();
                faceLines.write(ByteBuffer.wrap(DetectCodec.line(frame, shot, faces, qualities)));
                embeddings.write(DetectCodec.vectors(vectors, embedder.dimension()));
                long t7 = System.nanoTime();
                add(nanos, "decode", t1 - t0);
                add(nanos, "detect.prepare", t2 - t1);
                add(nanos, "detect.infer", t3 - t2);
                add(nanos, "detect.post", t4 - t3);
                add(nanos, "shot", t5 - t4);
                add(nanos, "embed", t6 - t5);
                add(nanos, "write", t7 - t6);
                frames++;
            }
            end = System.nanoTime();
        } finally {
            Files.deleteIfExists(facesOut);
            Files.deleteIfExists(embeddingsOut);
        }
        Map<String, Double> msPerFrame = new LinkedHashMap<>();
        double sum = 0;
        for (Map.Entry<String, long[]> e : nanos.entrySet()) {
            double ms = e.getValue()[0] / 1e6 / frames;
            msPerFrame.put(e.getKey(), ms);
            sum += ms;
        }
        msPerFrame.put("sum of steps", sum);
        msPerFrame.put("loop wall", (end - start) / 1e6 / frames);
        return msPerFrame;
    }

    private static void add(Map<String, long[]> nanos, String step, long value) {
        nanos.get(step)[0] += value;
    }
}
