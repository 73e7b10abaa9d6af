package dev.facereel.bench;

import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobHandle;
import dev.facereel.core.process.ChildJvm;
import dev.facereel.core.testing.CountingDetector;
import dev.facereel.onnx.ScrfdDetectorProvider;
import dev.facereel.spi.ProviderConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The rows that need a real worker process ({@link WorkerChild}, every frame of the episode, heartbeat and
 * checkpoint interval as given): cold start, cancel latency and the frames done twice after a {@code kill -9} at a
 * random moment.
 */
final class ProcessRows {
    static final String EPISODE = "bench_worker";
    private static final double EVERY_FRAME = 25;
    private static final Duration START = Duration.ofSeconds(120);
    private static final List<String> JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=4");

    /** One kill and resume: detector calls by the killed worker and by the resumed one, frames in all, speed. */
    record Resume(long killedCalls, long resumedCalls, long frames, double framesPerSecond) {
        long processedTwice() {
            return killedCalls + resumedCalls - frames;
        }
    }

    private ProcessRows() {
    }

    /** scrfd at input 640, counting its calls and printing them to {@code out}. */
    static CountingDetector detector(Assets assets, PrintStream out) {
        return new CountingDetector(new ScrfdDetectorProvider().create(
                ProviderConfig.ofModel(assets.detectorModel()).with("input_size", "640")), out, null);
    }

    /** The benchmark pipeline: the given detector and arcface. */
    static FacePipeline pipeline(Assets assets, Path root, double sampleFps, Duration heartbeat,
            CountingDetector detector) {
        return FacePipeline.builder()
                .dataRoot(root)
                .detector(detector)
                .embedder("arcface", ProviderConfig.ofModel(assets.embedderModel()))
                .sampleFps(sampleFps)
                .heartbeatInterval(heartbeat)
                .build();
    }

    /** Seconds from starting a worker JVM to its first frame through the detector. */
    static double[] coldStartSeconds(Assets assets, Path base, int runs) throws Exception {
        double[] seconds = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            try (ChildJvm worker = start(assets, base.resolve("cold-" + r), Duration.ofSeconds(10))) {
                worker.awaitLine("DETECTED 1", START);
                seconds[r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        return seconds;
    }

    /** Milliseconds from {@code cancel} in this process to the worker process having exited. */
    static double[] cancelMillis(Assets assets, Path base, int runs, Duration heartbeat) throws Exception {
        double[] ms = new double[runs];
        for (int r = 0; r < runs; r++) {
            Path root = base.resolve("cancel-" + r);
            try (ChildJvm worker = start(assets, root, heartbeat);
                 FacePipeline observer = FacePipeline.builder().dataRoot(root).build()) {
                String job = worker.awaitLine("JOB ", START).trim();
                worker.awaitLine("DETECTED 60", START);
                long t0 = System.nanoTime();
                observer.cancel(job);
                worker.process().waitFor();
                ms[r] = (System.nanoTime() - t0) / 1e6;
                String end = worker.awaitLine("END", Duration.ofSeconds(5));
                if (!end.contains("JobCanceledException")) {
                    throw new IllegalStateException("the worker did not end canceled: " + end);
                }
            }
        }
        return ms;
    }

    /** Kills a worker at a random moment of its detect stage, then resumes the job here and counts the calls. */
    static Resume[] killAndResume(Assets assets, Path base, int runs, Duration heartbeat, long seed) throws Exception {
        Random random = new Random(seed);
        Resume[] results = new Resume[runs];
        for (int r = 0; r < runs; r++) {
            Path root = base.resolve("resume-" + r);
            String job;
            long killed;
            double fps;
            try (ChildJvm worker = start(assets, root, heartbeat)) {
                job = worker.awaitLine("JOB ", START).trim();
                worker.awaitLine("DETECTED 1", START);
                long first = System.nanoTime();
                Thread.sleep(1000 + random.nextInt(9000));
                worker.process().destroyForcibly().waitFor();
                double seconds = (System.nanoTime() - first) / 1e9;
                killed = worker.linesStartingWith("DETECTED").stream()
                        .mapToLong(l -> Long.parseLong(l.split(" ")[0])).max().orElse(0);
                fps = killed / seconds;
            }
            CountingDetector detector = detector(assets, new PrintStream(OutputStream.nullOutputStream()));
            try (FacePipeline resumer = pipeline(assets, root, EVERY_FRAME, heartbeat, detector)) {
                JobHandle handle = resumer.resume(job);
                handle.await();
            }
            long[] counts = DetectRun.count(root, job);
            results[r] = new Resume(killed, detector.calls(), counts[0], fps);
        }
        return results;
    }

    private static ChildJvm start(Assets assets, Path root, Duration heartbeat) throws Exception {
        return ChildJvm.startMain(WorkerChild.class, JVM, assets.root().toString(), root.toString(),
                assets.episode().toString(), Double.toString(EVERY_FRAME), Long.toString(heartbeat.toMillis()));
    }
}
