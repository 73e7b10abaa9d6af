package dev.facereel.onnx.bench;

import ai.onnxruntime.OrtSession;
import dev.facereel.onnx.ArcFaceEmbedderProvider;
import dev.facereel.onnx.TestImages;
import dev.facereel.onnx.internal.ScrfdDetector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times SCRFD per 640x360 frame against ONNX Runtime's {@code session.run} alone on the same prepared tensor, and
 * the ArcFace embedder per face including alignment. Not a test: run it with
 * {@code mvn -B -o -q -pl detectors-onnx test-compile exec:java}.
 */
public final class OnnxBench {
    private static final int WARM_UP = 50;
    private static final int RUNS = 7;
    private static final int BATCH = 50;

    private OnnxBench() {
    }

    public static void main(String[] args) {
        Image frame = TestImages.load(SharedAssets.face("two_people.jpg"), 640, 360);
        System.out.printf(Locale.ROOT, "frame 640x360 from two_people.jpg; %d runs of %d, medians in ms;"
                + " system load average %.2f%n", RUNS, BATCH,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int threads : new int[] {1, 2}) {
            scrfd(frame, threads);
        }
        arcface(frame);
        System.out.printf(Locale.ROOT, "system load average %.2f on %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    private static void scrfd(Image frame, int threads) {
        ProviderConfig config = ProviderConfig.ofModel(SharedAssets.model("scrfd_2.5g_bnkps.onnx"))
                .with("threads", Integer.toString(threads));
        try (ScrfdDetector detector = ScrfdDetector.open(config)) {
            ScrfdDetector.Prepared prepared = detector.prepare(frame);
            int faces;
            try (OrtSession.Result result = detector.infer(prepared)) {
                faces = detector.decode(prepared, result).size();
            }
            Runnable detect = () -> detector.detect(frame);
            Runnable infer = () -> {
                try (OrtSession.Result result = detector.infer(prepared)) {
                    result.size();
                }
            };
            Runnable prepare = () -> detector.prepare(frame);
            repeat(detect, WARM_UP);
            repeat(infer, WARM_UP);
            double[] full = new double[RUNS];
            double[] run = new double[RUNS];
            double[] pre = new double[RUNS];
            for (int r = 0; r < RUNS; r++) {
                full[r] = msPer(detect);
                run[r] = msPer(infer);
                pre[r] = msPer(prepare);
            }
            double detectMs = median(full);
            double runMs = median(run);
            System.out.printf(Locale.ROOT, "scrfd threads=%d input %dx%d (%d faces): detect %.2f ms (%.1f fps),"
                    + " session.run %.2f ms, prepare %.3f ms, overhead (pre+post)/inference %.1f%%%n", threads,
                    prepared.inputWidth(), prepared.inputHeight(), faces, detectMs, 1000 / detectMs, runMs,
                    median(pre), 100 * (detectMs - runMs) / runMs);
        }
    }

    private static void arcface(Image frame) {
        List<Face> faces;
        try (ScrfdDetector detector = ScrfdDetector.open(
                ProviderConfig.ofModel(SharedAssets.model("scrfd_2.5g_bnkps.onnx")))) {
            faces = detector.detect(frame);
        }
        try (Embedder embedder = new ArcFaceEmbedderProvider().create(
                ProviderConfig.ofModel(SharedAssets.model("mobilefacenet.onnx")))) {
            int[] next = {0};
            Runnable embed = () -> embedder.embed(frame, faces.get(next[0]++ % faces.size()));
            repeat(embed, WARM_UP);
            double[] perFace = new double[RUNS];
            for (int r = 0; r < RUNS; r++) {
                perFace[r] = msPer(embed);
            }
            double ms = median(perFace);
            System.out.printf(Locale.ROOT, "arcface mobilefacenet threads=1, aligned (%d faces): %.2f ms per face"
                    + " (%.0f faces/s)%n", faces.size(), ms, 1000 / ms);
        }
    }

    private static void repeat(Runnable task, int times) {
        for (int i = 0; i < times; i++) {
            task.run();
        }
    }

    private static double msPer(Runnable task) {
        long start = System.nanoTime();
        repeat(task, BATCH);
        return (System.nanoTime() - start) / 1e6 / BATCH;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
