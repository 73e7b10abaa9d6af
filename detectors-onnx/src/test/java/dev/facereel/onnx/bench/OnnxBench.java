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
            try (ScrfdDetector.Prepared prepared = detector.prepare(frame);
                 OrtSession.Result kept = detector.infer(prepared)) {
                int faces = detector.decode(prepared, kept).size();
                // One step of each kind in turn, so load from other processes hits all of them alike.
                Runnable[] steps = {
                    () -> detector.detect(frame),
                    () -> {
                        try (OrtSession.Result result = detector.infer(prepared)) {
                            result.size();
                        }
                    },
                    () -> detector.prepare(frame).close(),
                    () -> detector.decode(prepared, kept),
                };
                interleaved(steps, WARM_UP);
                double[][] runs = new double[steps.length][RUNS];
                for (int r = 0; r < RUNS; r++) {
                    double[] ms = interleaved(steps, BATCH);
                    for (int k = 0; k < steps.length; k++) {
                        runs[k][r] = ms[k];
                    }
                }
                double detect = median(runs[0]);
                double run = median(runs[1]);
                double pre = median(runs[2]);
                double post = median(runs[3]);
                System.out.printf(Locale.ROOT, "scrfd threads=%d input %dx%d (%d faces): detect %.2f ms (%.1f fps),"
                        + " session.run %.2f ms, prepare %.3f ms, decode %.3f ms; (pre+post)/inference %.1f%%,"
                        + " (detect-run)/run %.1f%%%n", threads, prepared.inputWidth(), prepared.inputHeight(), faces,
                        detect, 1000 / detect, run, pre, post, 100 * (pre + post) / run, 100 * (detect - run) / run);
            }
        }
    }

    /** Runs the steps in turn {@code times} times; the mean ms per call of each. */
    private static double[] interleaved(Runnable[] steps, int times) {
        long[] nanos = new long[steps.length];
        for (int i = 0; i < times; i++) {
            for (int k = 0; k < steps.length; k++) {
                long start = System.nanoTime();
                steps[k].run();
                nanos[k] += System.nanoTime() - start;
            }
        }
        double[] ms = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            ms[k] = nanos[k] / 1e6 / times;
        }
        return ms;
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
            Runnable[] steps = {() -> embedder.embed(frame, faces.get(next[0]++ % faces.size()))};
            interleaved(steps, WARM_UP);
            double[] perFace = new double[RUNS];
            for (int r = 0; r < RUNS; r++) {
                perFace[r] = interleaved(steps, BATCH)[0];
            }
            double ms = median(perFace);
            System.out.printf(Locale.ROOT, "arcface mobilefacenet threads=1, aligned (%d faces): %.2f ms per face"
                    + " (%.0f faces/s)%n", faces.size(), ms, 1000 / ms);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
