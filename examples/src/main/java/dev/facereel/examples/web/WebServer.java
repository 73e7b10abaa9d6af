package dev.facereel.examples.web;

import com.sun.net.httpserver.HttpServer;
import dev.facereel.core.FacePipeline;
import dev.facereel.examples.common.JobOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The web workspace: the JDK's HTTP server with the page under {@code /} and the JSON API under {@code /api/},
 * over one {@link FacePipeline} on the data root. Jobs run in this process, or each in a worker JVM when
 * {@link ServeSettings#workerProcesses()} is set. Thread-safe; close it to stop serving (jobs in worker processes
 * are asked to cancel, in-process jobs stop with the pipeline and can be resumed later).
 */
public final class WebServer implements AutoCloseable {
    private static final int THREADS = 8;

    private final HttpServer http;
    private final ExecutorService threads;
    private final FacePipeline pipeline;
    private final JobLauncher launcher;
    private final Shows shows;

    private WebServer(HttpServer http, ExecutorService threads, FacePipeline pipeline, JobLauncher launcher,
                      Shows shows) {
        this.shows = shows;
        this.http = http;
        this.threads = threads;
        this.pipeline = pipeline;
        this.launcher = launcher;
    }

    /**
     * Opens the pipeline and starts serving.
     *
     * @throws IOException when the address cannot be bound or the data root cannot be created
     * @throws IllegalArgumentException when the pipeline's builder refuses a value of the settings (before the data
     *     root is created)
     * @throws dev.facereel.spi.InvalidInputException when a model file is missing or unusable
     */
    public static WebServer start(ServeSettings settings) throws IOException {
        FacePipeline.Builder builder = FacePipeline.builder().dataRoot(settings.dataRoot())
                .detector(settings.detector(), JobOptions.providerConfig(settings.detector(), settings.detectorModel(),
                        settings.threads()))
                .embedder(settings.embedder(), JobOptions.providerConfig(settings.embedder(), settings.embedderModel(),
                        settings.threads()))
                .sampleFps(settings.sampleFps()).heartbeatInterval(settings.heartbeat()).stallAfter(settings.stallAfter())
                .noProgressAfter(settings.noProgressAfter());
        if (settings.parallelism() != null) {
            builder.parallelism(settings.parallelism());
        }
        Files.createDirectories(settings.dataRoot());
        FacePipeline pipeline = builder.build();
        JobLauncher launcher = settings.workerProcesses() ? new WorkerProcessJobs(settings, pipeline)
                : new InProcessJobs(pipeline);
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 50);
        } catch (IOException | RuntimeException e) {
            launcher.close();
            pipeline.close();
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "facereel-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        MediaRoots media;
        try {
            media = new MediaRoots(settings.media(), settings.loopback());
        } catch (IllegalArgumentException e) {
            http.stop(0);
            launcher.close();
            pipeline.close();
            throw e;
        }
        Workspace workspace = new Workspace(pipeline, launcher, media);
        Shows shows = new Shows(workspace, settings.dataRoot());
        http.createContext("/api/", new ApiHandler(workspace, shows, new Access(settings.token())));
        http.createContext("/", new StaticHandler());
        http.start();
        return new WebServer(http, threads, pipeline, launcher, shows);
    }

    /** The port it listens on (useful when started on port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = http.getAddress().getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
        shows.close();
        launcher.close();
        pipeline.close();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
