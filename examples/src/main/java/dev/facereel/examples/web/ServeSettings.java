package dev.facereel.examples.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code facereel serve} runs: where it listens, the data root, the providers and timings of its jobs, whether
 * each job runs in a child JVM, and the ONNX Runtime threads per model and frames analysed at once. A null model
 * means the provider needs none; a null {@code threads} or {@code parallelism} keeps the default. It checks the
 * port; the rest is checked where it is used: the pipeline's builder refuses a bad sample rate, timing or parallelism
 * and an ONNX provider a bad thread count, when {@link WebServer#start} opens them.
 */
public record ServeSettings(Path dataRoot, String host, int port, String detector, Path detectorModel, String embedder,
                            Path embedderModel, double sampleFps, Duration heartbeat, Duration stallAfter,
                            boolean workerProcesses, Integer threads, Integer parallelism) {
    public ServeSettings {
        Objects.requireNonNull(dataRoot, "dataRoot");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(stallAfter, "stallAfter");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        dataRoot = dataRoot.toAbsolutePath().normalize();
    }

    /** Loopback on port 8080, OpenCV providers, 5 frames per second, 10 s heartbeats, dead after 30 s, jobs in process. */
    public static ServeSettings defaults(Path dataRoot) {
        return new ServeSettings(dataRoot, "127.0.0.1", 8080, "opencv-haar", null, "opencv-lbp", null, 5,
                Duration.ofSeconds(10), Duration.ofSeconds(30), false, null, null);
    }

    public ServeSettings withPort(int p) {
        return new ServeSettings(dataRoot, host, p, detector, detectorModel, embedder, embedderModel, sampleFps, heartbeat,
                stallAfter, workerProcesses, threads, parallelism);
    }

    public ServeSettings withTimings(Duration hb, Duration stall) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, sampleFps, hb,
                stall, workerProcesses, threads, parallelism);
    }

    public ServeSettings withSampleFps(double fps) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, fps, heartbeat,
                stallAfter, workerProcesses, threads, parallelism);
    }

    public ServeSettings withWorkerProcesses(boolean on) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, sampleFps,
                heartbeat, stallAfter, on, threads, parallelism);
    }

    public ServeSettings withTuning(Integer threadsPerModel, Integer framesAtOnce) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, sampleFps,
                heartbeat, stallAfter, workerProcesses, threadsPerModel, framesAtOnce);
    }

    /** A job that makes no progress for this long is stalled: four dead-after periods, as {@code analyze} uses. */
    Duration noProgressAfter() {
        return stallAfter.multipliedBy(4);
    }
}
