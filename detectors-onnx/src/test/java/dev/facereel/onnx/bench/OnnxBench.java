package dev.facereel.onnx.bench;

import ai.onnxruntime.OrtSession;
import dev.facereel.core.Providers;
import dev.facereel.onnx.ArcFaceEmbedderProvider;
import dev.facereel.onnx.Photos;
import dev.facereel.onnx.ScrfdDetectorProvider;
import dev.facereel.onnx.UltraFaceDetectorProvider;
import dev.facereel.onnx.YunetDetectorProvider;
import dev.facereel.onnx.TestImages;
import dev.facereel.onnx.internal.ScrfdDetector;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Times SCRFD per 640x360 frame against ONNX Runtime's {@code session.run} alone on the same prepared tensor, the
 * ArcFace embedder per face including alignment, and every detector side by side: per 640x360 frame (interleaved,
 * so load from other processes hits all alike) and its recall on the labelled photos. Not a test: run it with
 * {@code mvn -B -o -q -pl detectors-onnx test-compile exec:java}; {@code -Dexec.args=detectors} runs only the
 * side-by-side table.
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
        if (!List.of(args).contains("detectors")) {
            for (int threads : new int[] {1, 2}) {
                scrfd(frame, threads);
            }
            arcface(frame);
        }
        detectors(frame);
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

    /**
     * Each detector with its defaults (one intra-op thread): median ms per frame, and how many labelled faces of
     * the photos it finds. A labelled face counts as found when one of the detector's faces and SCRFD's face for it
     * (SCRFD finds all of them; see its test) each hold the other's centre, so boxes drawn to other conventions
     * (Haar's squares, UltraFace's) still match.
     */
    private static void detectors(Image frame) {
        Map<String, Detector> detectors = new LinkedHashMap<>();
        detectors.put("opencv-haar", Providers.fromClassPath().detector("opencv-haar", ProviderConfig.empty()));
        detectors.put("ultraface (320x240)", new UltraFaceDetectorProvider().create(model("version-RFB-320.onnx")));
        detectors.put("scrfd 2.5g", new ScrfdDetectorProvider().create(model("scrfd_2.5g_bnkps.onnx")));
        detectors.put("yunet_n", new YunetDetectorProvider().create(model("yunet_n_dynamic.onnx")));
        detectors.put("yunet_s", new YunetDetectorProvider().create(model("yunet_s_dynamic.onnx")));
        try {
            List<Photos.LabelledFace> reference = Photos.labelledFaces(detectors.get("scrfd 2.5g"));
            Runnable[] steps = detectors.values().stream().map(d -> (Runnable) () -> d.detect(frame))
                    .toArray(Runnable[]::new);
            interleaved(steps, WARM_UP / 5);
            double[][] runs = new double[steps.length][RUNS];
            for (int r = 0; r < RUNS; r++) {
                double[] ms = interleaved(steps, BATCH / 5);
                for (int k = 0; k < steps.length; k++) {
                    runs[k][r] = ms[k];
                }
            }
            System.out.printf(Locale.ROOT, "detectors side by side, 640x360 frame, threads=1; median of %d runs of %d"
                    + " frames each [min-max]; recall over %d labelled faces of %d photos%n", RUNS, BATCH / 5,
                    reference.size(), Photos.truth().size());
            int k = 0;
            for (Map.Entry<String, Detector> e : detectors.entrySet()) {
                double[] sorted = runs[k++].clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "  %-20s %7.2f ms/frame [%.2f-%.2f] (%5.1f fps), recall %d/%d%n", e.getKey(),
                        median(sorted), sorted[0], sorted[sorted.length - 1], 1000 / median(sorted),
                        found(e.getValue(), reference), reference.size());
            }
        } finally {
            detectors.values().forEach(Detector::close);
        }
    }

    private static ProviderConfig model(String file) {
        return ProviderConfig.ofModel(SharedAssets.model(file));
    }

    private static int found(Detector detector, List<Photos.LabelledFace> reference) {
        Map<Image, List<Face>> byPhoto = new IdentityHashMap<>();
        int found = 0;
        for (Photos.LabelledFace labelled : reference) {
            BoundingBox want = labelled.face().box();
            boolean hit = byPhoto.computeIfAbsent(labelled.image(), detector::detect).stream()
                    .map(Face::box).anyMatch(got -> holds(got, want) && holds(want, got));
            found += hit ? 1 : 0;
        }
        return found;
    }

    private static boolean holds(BoundingBox box, BoundingBox other) {
        return other.centerX() >= box.x1() && other.centerX() <= box.x2() && other.centerY() >= box.y1()
                && other.centerY() <= box.y2();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
