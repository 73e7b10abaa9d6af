package dev.facereel.examples.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code facereel serve} runs: where it listens, the data root, the providers and timings of its jobs, and
 * whether each job runs in a child JVM. A null model means the provider needs none.
 */
public record ServeSettings(Path dataRoot, String host, int port, String detector, Path detectorModel, String embedder,
                            Path embedderModel, double sampleFps, Duration heartbeat, Duration stallAfter,
                            boolean workerProcesses) {
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
        if (!(sampleFps > 0) || Double.isInfinite(sampleFps)) {
            throw new IllegalArgumentException("sampleFps must be a positive number, got " + sampleFps);
        }
        dataRoot = dataRoot.toAbsolutePath().normalize();
    }

    /** Loopback on port 8080, OpenCV providers, 5 frames per second, 10 s heartbeats, dead after 30 s, jobs in process. */
    public static ServeSettings defaults(Path dataRoot) {
        return new ServeSettings(dataRoot, "127.0.0.1", 8080, "opencv-haar", null, "opencv-lbp", null, 5,
                Duration.ofSeconds(10), Duration.ofSeconds(30), false);
    }

    public ServeSettings withPort(int p) {
        return new ServeSettings(dataRoot, host, p, detector, detectorModel, embedder, embedderModel, sampleFps, heartbeat,
                stallAfter, workerProcesses);
    }

    public ServeSettings withTimings(Duration hb, Duration stall) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, sampleFps, hb,
                stall, workerProcesses);
    }

    public ServeSettings withSampleFps(double fps) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, fps, heartbeat,
                stallAfter, workerProcesses);
    }

    public ServeSettings withWorkerProcesses(boolean on) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, sampleFps,
                heartbeat, stallAfter, on);
    }

    /** A job that makes no progress for this long is stalled: four dead-after periods, as {@code analyze} uses. */
    Duration noProgressAfter() {
        return stallAfter.multipliedBy(4);
    }
}
