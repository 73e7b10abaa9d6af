package dev.facereel.examples.web;

import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.Stage;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs each job in a child JVM ({@code facereel analyze … --until <stage>}) on this server's class path. The server
 * sees the job only through the data root, like any other process sharing it. A child's output goes to
 * {@code worker-<time>.log} in the episode's diagnostics folder ({@link FacePipeline#diagnosticsDir}).
 */
final class WorkerProcessJobs implements JobLauncher {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** The {@code facereel} command's entry point, on this server's class path. */
    private static final String FACEREEL = "dev.facereel.examples.Main";

    private final ServeSettings settings;
    private final FacePipeline pipeline;
    private final Set<Process> children = ConcurrentHashMap.newKeySet();

    WorkerProcessJobs(ServeSettings settings, FacePipeline pipeline) {
        this.settings = settings;
        this.pipeline = pipeline;
    }

    @Override
    public String start(Episode episode, Stage target) {
        Path log = pipeline.diagnosticsDir(episode.id()).resolve("worker-" + Instant.now().toEpochMilli() + ".log");
        Process child;
        try {
            Files.createDirectories(log.getParent());
            child = new ProcessBuilder(command(episode, target)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a worker process", e);
        }
        children.add(child);
        child.onExit().thenAccept(children::remove);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String active = pipeline.status(episode.id()).activeJobId();
                if (active != null && active.startsWith(target.id() + "_")) {
                    return active;
                }
                if (child.waitFor(100, TimeUnit.MILLISECONDS)) {
                    String active2 = pipeline.status(episode.id()).activeJobId();
                    throw failure(child.exitValue(), lastLine(log), episode, active2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        child.destroy();
        throw new IllegalStateException("the worker process did not start a job within " + START_TIMEOUT.toSeconds()
                + " s; see " + log);
    }

    private RuntimeException failure(int exit, String line, Episode episode, String activeJob) {
        String message = line.startsWith("facereel: ") ? line.substring("facereel: ".length()) : line;
        return switch (exit) {
            case ExitCodes.ALREADY_RUNNING -> new JobAlreadyRunningException(episode.key().value(),
                    activeJob == null ? "unknown" : activeJob, "another process");
            case ExitCodes.INVALID_INPUT, ExitCodes.USAGE -> new InvalidInputException(message);
            default -> new IllegalStateException(exit == 0 ? "the worker finished before it could be observed"
                    : "the worker process failed (exit " + exit + "): " + message);
        };
    }

    private List<String> command(Episode episode, Stage target) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                FACEREEL, "analyze", episode.video().toString(),
                "--episode", episode.id(), "--show", episode.show(), "--until", target.id(), "--data", settings.dataRoot().toString(),
                "--heartbeat", settings.heartbeat().toMillis() + "ms",
                "--stall-after", settings.stallAfter().toMillis() + "ms",
                "--sample-fps", String.format(Locale.ROOT, "%s", settings.sampleFps()),
                "--detector", settings.detector(), "--embedder", settings.embedder()));
        if (settings.detectorModel() != null) {
            cmd.addAll(List.of("--detector-model", settings.detectorModel().toString()));
        }
        if (settings.embedderModel() != null) {
            cmd.addAll(List.of("--embedder-model", settings.embedderModel().toString()));
        }
        if (settings.threads() != null) {
            cmd.addAll(List.of("--threads", settings.threads().toString()));
        }
        if (settings.parallelism() != null) {
            cmd.addAll(List.of("--parallelism", settings.parallelism().toString()));
        }
        return cmd;
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "no output";
        } catch (IOException e) {
            return "no output (" + e.getMessage() + ")";
        }
    }

    /** Asks the workers still running to stop: each cancels its job cleanly on SIGTERM. */
    @Override
    public void close() {
        for (Process p : children) {
            p.destroy();
        }
        for (Process p : children) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
