package dev.facereel.examples.web;

import dev.facereel.examples.cli.DurationConverter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code facereel serve}: the web workspace on a local port. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web workspace: add episodes, run their stages and watch their jobs in a browser.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "./facereel-data", description = "Data root (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--detector", defaultValue = "opencv-haar", description = "Detector provider (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--detector-model", description = "Model file for the detector, e.g. scrfd_2.5g_bnkps.onnx.")
    Path detectorModel;

    @Option(names = "--embedder", defaultValue = "opencv-lbp", description = "Embedder provider (default: ${DEFAULT-VALUE}).")
    String embedder;

    @Option(names = "--embedder-model", description = "Model file for the embedder, e.g. mobilefacenet.onnx.")
    Path embedderModel;

    @Option(names = "--sample-fps", defaultValue = "5", description = "Frames per second to analyse (default: ${DEFAULT-VALUE}).")
    double sampleFps;

    @Option(names = "--heartbeat", defaultValue = "10s", converter = DurationConverter.class,
            description = "Heartbeat interval of jobs, e.g. 500ms, 10s (default: ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(names = "--stall-after", defaultValue = "30s", converter = DurationConverter.class,
            description = "A job silent for this long is dead (default: ${DEFAULT-VALUE}).")
    Duration stallAfter;

    @Option(names = "--worker-processes",
            description = "Run each job in a child JVM that the server observes through the data root.")
    boolean workerProcesses;

    @Override
    public Integer call() throws Exception {
        ServeSettings settings;
        try {
            settings = new ServeSettings(data, host, port, detector, detectorModel, embedder, embedderModel, sampleFps,
                    heartbeat, stallAfter, workerProcesses);
        } catch (IllegalArgumentException e) {
            System.err.println("facereel: " + e.getMessage());
            return 2;
        }
        WebServer server = WebServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "facereel-serve-stop"));
        System.out.println("FaceReel workspace on " + server.uri() + " (data root " + settings.dataRoot() + ")"
                + (workerProcesses ? ", jobs in worker processes" : ""));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
