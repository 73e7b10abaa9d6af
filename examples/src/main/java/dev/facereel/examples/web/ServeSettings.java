package dev.facereel.examples.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@code facereel serve} runs: where it listens, the data root, the providers and timings of its jobs, whether
 * each job runs in a child JVM, the ONNX Runtime threads per model and frames analysed at once, the access token and
 * the folders of videos the page may browse. A null model means the provider needs none; a null {@code threads} or
 * {@code parallelism} keeps the default; a null {@code token} means none was given (one is generated when the host is
 * not a loopback address). It checks the port; the rest is checked where it is used: the pipeline's builder refuses
 * a bad sample rate, timing or parallelism and an ONNX provider a bad thread count, when {@link WebServer#start} opens
 * them.
 *
 * @param media the folders under which the page may browse and register videos; empty means any path on a loopback
 *              server and none on another address
 */
public record ServeSettings(Path dataRoot, String host, int port, String detector, Path detectorModel, String embedder,
                            Path embedderModel, double sampleFps, Duration heartbeat, Duration stallAfter,
                            boolean workerProcesses, Integer threads, Integer parallelism, String token,
                            List<Path> media) {
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
        if (token != null && token.strip().length() < 8) {
            throw new IllegalArgumentException("--token must be at least 8 characters");
        }
        dataRoot = dataRoot.toAbsolutePath().normalize();
        media = List.copyOf(Objects.requireNonNull(media, "media")).stream()
                .map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** Loopback on port 8080, OpenCV providers, 5 frames per second, 10 s heartbeats, dead after 30 s, jobs in process. */
    public static ServeSettings defaults(Path dataRoot) {
        return new ServeSettings(dataRoot, "127.0.0.1", 8080, "opencv-haar", null, "opencv-lbp", null, 5,
                Duration.ofSeconds(10), Duration.ofSeconds(30), false, null, null, null, List.of());
    }

    public ServeSettings withPort(int p) {
        return new ServeSettings(dataRoot, host, p, detector, detectorModel, embedder, embedderModel, sampleFps, heartbeat,
                stallAfter, workerProcesses, threads, parallelism, token, media);
    }

    public ServeSettings withTimings(Duration hb, Duration stall) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, sampleFps, hb,
                stall, workerProcesses, threads, parallelism, token, media);
    }

    public ServeSettings withSampleFps(double fps) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, fps, heartbeat,
                stallAfter, workerProcesses, threads, parallelism, token, media);
    }

    public ServeSettings withWorkerProcesses(boolean on) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, sampleFps,
                heartbeat, stallAfter, on, threads, parallelism, token, media);
    }

    public ServeSettings withTuning(Integer threadsPerModel, Integer framesAtOnce) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, sampleFps,
                heartbeat, stallAfter, workerProcesses, threadsPerModel, framesAtOnce, token, media);
    }

    public ServeSettings withProviders(String detectorName, Path detectorFile, String embedderName, Path embedderFile) {
        return new ServeSettings(dataRoot, host, port, detectorName, detectorFile, embedderName, embedderFile, sampleFps,
                heartbeat, stallAfter, workerProcesses, threads, parallelism, token, media);
    }

    /** The access token to require (null: none given), and the address to bind. */
    public ServeSettings withAccess(String bindHost, String accessToken) {
        return new ServeSettings(dataRoot, bindHost, port, detector, detectorModel, embedder, embedderModel, sampleFps,
                heartbeat, stallAfter, workerProcesses, threads, parallelism, accessToken, media);
    }

    public ServeSettings withMedia(List<Path> folders) {
        return new ServeSettings(dataRoot, host, port, detector, detectorModel, embedder, embedderModel, sampleFps,
                heartbeat, stallAfter, workerProcesses, threads, parallelism, token, folders);
    }

    /** A job that makes no progress for this long is stalled: four dead-after periods, as {@code analyze} uses. */
    Duration noProgressAfter() {
        return stallAfter.multipliedBy(4);
    }

    /** Whether the host is a loopback address (then no token is needed unless one is given). */
    boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
