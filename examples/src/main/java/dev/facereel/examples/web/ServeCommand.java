package dev.facereel.examples.web;

import dev.facereel.examples.common.ExitCodes;
import dev.facereel.examples.common.JobOptions;
import dev.facereel.examples.common.RememberedProviders;
import dev.facereel.examples.common.TuningOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--token", description = "Access token the page asks for (default: none on loopback; "
            + "on any other --host one is generated and printed once).")
    String token;

    @Option(names = "--media", paramLabel = "DIR", description = "A folder of videos the page may browse and add "
            + "episodes from; repeatable. Video paths outside these folders are refused.")
    List<Path> media = new ArrayList<>();

    @Mixin
    JobOptions job;

    @Mixin
    TuningOptions tuning;

    @Option(names = "--worker-processes",
            description = "Run each job in a child JVM that the server observes through the data root.")
    boolean workerProcesses;

    @Override
    public Integer call() throws Exception {
        ServeSettings settings;
        WebServer server;
        if (!tuning.faceAndCastOptions().isEmpty()) {
            System.err.println("facereel: " + String.join(", ", tuning.faceAndCastOptions())
                    + " apply to analyze and worker; serve runs its jobs with the default face filter and cast rule");
            return ExitCodes.USAGE;
        }
        RememberedProviders.Choice providers = job.providers(data);
        try {
            settings = new ServeSettings(data, host, port, providers.detector().name(), providers.detector().model(),
                    providers.embedder().name(), providers.embedder().model(), job.sampleFps(), job.heartbeat(), job.stallAfter(), workerProcesses,
                    tuning.requireValid().threads(), tuning.parallelism(), token, media);
            if (settings.token() == null && !settings.loopback()) {
                settings = settings.withAccess(host, Access.random());
                System.out.println("Access token (give it on the login page; it is not shown again): "
                        + settings.token());
            }
            server = WebServer.start(settings);
            JobOptions.remember(data, providers);
        } catch (IllegalArgumentException e) {
            // a value the settings or the pipeline's builder refused
            System.err.println("facereel: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "facereel-serve-stop"));
        System.out.println("FaceReel workspace on " + server.uri() + " (data root " + settings.dataRoot() + ")"
                + (workerProcesses ? ", jobs in worker processes" : "")
                + (settings.token() != null ? ", access token required" : ""));
        System.out.flush();
        stopped.await();
        return ExitCodes.DONE;
    }
}
