package dev.facereel.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * The inference-only bound of the detect stage: the same two models in ONNX Runtime with the session settings
 * the providers use (intra-op threads as given, one inter-op thread, sequential, all optimisations), and nothing
 * but {@code session.run} in a loop on tensors prepared once from a real frame. Per frame it runs the detector
 * once (1x3x384x640, the 640x360 frame letterboxed at scale 1) and the embedder (1x3x112x112) as many times as
 * the pipeline found faces per frame on average, spread evenly, on as many threads as the pipeline analyses
 * frames at once.
 */
final class InferenceBound implements AutoCloseable {
    static final int DET_W = 640;
    static final int DET_H = 384;
    static final int EMB = 112;

    /**
     * Frames per second of the loop (wall and process CPU time), and the mean milliseconds of one detector and one
     * embedder run.
     */
    record Result(double framesPerSecond, double framesPerCpuSecond, double detectorMs, double embedderMs,
                  long embedderRuns) {
    }

    private final OrtSession detector;
    private final OrtSession embedder;
    private final String detectorInput;
    private final String embedderInput;
    private final OnnxTensor detectorTensor;
    private final OnnxTensor embedderTensor;

    InferenceBound(Assets assets, int threads) throws OrtException {
        this(assets, assets.detectorModel(), threads);
    }

    /** The bound with another detector model taking a 1x3x384x640 input (SCRFD, YuNet). */
    InferenceBound(Assets assets, Path detectorModel, int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "facereel");
        this.detector = session(env, detectorModel, threads);
        this.embedder = session(env, assets.embedderModel(), threads);
        this.detectorInput = detector.getInputNames().iterator().next();
        this.embedderInput = embedder.getInputNames().iterator().next();
        Frame1 frame = Frame1.read(assets.episode(), 100);
        this.detectorTensor = OnnxTensor.createTensor(env, planar(frame, 0, 0, DET_W, DET_H, 127.5f, 128f),
                new long[] {1, 3, DET_H, DET_W});
        this.embedderTensor = OnnxTensor.createTensor(env,
                planar(frame, frame.width / 2 - EMB / 2, frame.height / 2 - EMB / 2, EMB, EMB, 127.5f, 127.5f),
                new long[] {1, 3, EMB, EMB});
    }

    private static OrtSession session(OrtEnvironment env, Path model, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return env.createSession(model.toString(), options);
        }
    }

    /**
     * Runs {@code frames} frames' worth of inference with {@code facesPerFrame} embeddings per frame on average,
     * the frames shared out among {@code parallelism} threads calling the same two sessions, as the pipeline does.
     */
    Result run(int frames, double facesPerFrame, int parallelism) throws Exception {
        Map<String, OnnxTensor> det = Map.of(detectorInput, detectorTensor);
        Map<String, OnnxTensor> emb = Map.of(embedderInput, embedderTensor);
        long[][] perThread = new long[parallelism][3];
        long cpuStart = DetectRun.processCpuNanos();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < parallelism; p++) {
                long[] totals = perThread[p];
                int first = p;
                done.add(pool.submit(() -> {
                    for (int i = first; i < frames; i += parallelism) {
                        long t0 = System.nanoTime();
                        try (OrtSession.Result r = detector.run(det)) {
                            r.size();
                        }
                        long t1 = System.nanoTime();
                        totals[0] += t1 - t0;
                        long embeds = (long) Math.floor((i + 1) * facesPerFrame) - (long) Math.floor(i * facesPerFrame);
                        for (long k = 0; k < embeds; k++) {
                            try (OrtSession.Result r = embedder.run(emb)) {
                                r.size();
                            }
                        }
                        totals[1] += System.nanoTime() - t1;
                        totals[2] += embeds;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (DetectRun.processCpuNanos() - cpuStart) / 1e9;
        long detNanos = 0;
        long embNanos = 0;
        long embRuns = 0;
        for (long[] t : perThread) {
            detNanos += t[0];
            embNanos += t[1];
            embRuns += t[2];
        }
        return new Result(frames / seconds, frames / cpuSeconds, detNanos / 1e6 / frames,
                embRuns == 0 ? 0 : embNanos / 1e6 / embRuns, embRuns);
    }

    /** A region of the frame as an RGB planar {@code (px - mean) / std} buffer; outside the frame is black. */
    private static FloatBuffer planar(Frame1 f, int x0, int y0, int w, int h, float mean, float std) {
        FloatBuffer out = ByteBuffer.allocateDirect(3 * w * h * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        int area = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = x0 + x;
                int sy = y0 + y;
                boolean inside = sx >= 0 && sy >= 0 && sx < f.width && sy < f.height;
                for (int c = 0; c < 3; c++) {
                    // plane 0 is red: BGR byte 2
                    int v = inside ? f.bgr[sy * f.stride + sx * 3 + (2 - c)] & 0xff : 0;
                    out.put(c * area + y * w + x, (v - mean) / std);
                }
            }
        }
        return out;
    }

    /** One decoded BGR frame. */
    private record Frame1(int width, int height, int stride, byte[] bgr) {
        static Frame1 read(Path video, int index) {
            org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET);
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toString())) {
                grabber.setVideoOption("threads", "1");
                grabber.start();
                Frame frame = null;
                for (int i = 0; i <= index; i++) {
                    Frame next = grabber.grabImage();
                    if (next == null) {
                        break;
                    }
                    frame = next;
                }
                if (frame == null) {
                    throw new IllegalStateException("no frame in " + video);
                }
                ByteBuffer pixels = ((ByteBuffer) frame.image[0]).duplicate();
                pixels.position(0);
                byte[] bgr = new byte[frame.imageStride * frame.imageHeight];
                pixels.get(bgr, 0, Math.min(bgr.length, pixels.remaining()));
                Frame1 f = new Frame1(frame.imageWidth, frame.imageHeight, frame.imageStride, bgr);
                grabber.stop();
                return f;
            } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
                throw new IllegalStateException("cannot decode " + video + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() throws OrtException {
        detectorTensor.close();
        embedderTensor.close();
        detector.close();
        embedder.close();
    }
}
