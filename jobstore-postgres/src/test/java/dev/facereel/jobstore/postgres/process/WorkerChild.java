package dev.facereel.jobstore.postgres.process;

import dev.facereel.core.FacePipeline;
import dev.facereel.core.Providers;
import dev.facereel.core.jobs.ProcessProbe;
import dev.facereel.core.testing.CountingDetector;
import dev.facereel.jobstore.postgres.PostgresJobStorage;
import dev.facereel.jobstore.postgres.QueueWorker;
import dev.facereel.spi.ProviderConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A queue worker process for the tests: a {@link QueueWorker} over {@code url} whose pipelines use the default
 * providers, the detector wrapped in a {@link CountingDetector} (which prints {@code DETECTED <n> <ms>}). Arguments
 * are {@code key=value}: {@code url}, {@code data}, {@code name}, {@code host} (the host it names itself in leases,
 * to play a separate machine), {@code fps}, {@code hb}, {@code stall} and {@code poll} (ms), {@code concurrency},
 * {@code idle} ({@code exit} to stop once nothing is pending). Prints {@code WORKING} once connected,
 * {@code PIPELINE READY} once a slot can claim work, and {@code EXITED <detector calls>} at the end; exit code 0, or
 * 1 with {@code ERROR …}.
 */
public final class WorkerChild {
    private WorkerChild() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int code = 0;
        Duration stall = Duration.ofMillis(Long.parseLong(opts.getOrDefault("stall", "3000")));
        ProcessProbe probe = probe(opts.get("host"));
        List<CountingDetector> detectors = new CopyOnWriteArrayList<>();
        try (PostgresJobStorage queueStore = PostgresJobStorage.builder(opts.get("url")).probe(probe).build()) {
            QueueWorker worker = QueueWorker.builder(queueStore.queue(), () -> ready(out, FacePipeline.builder()
                            .dataRoot(Path.of(opts.get("data")))
                            .detector(counting(detectors, out))
                            .sampleFps(Double.parseDouble(opts.getOrDefault("fps", "5")))
                            .heartbeatInterval(Duration.ofMillis(Long.parseLong(opts.getOrDefault("hb", "300"))))
                            .stallAfter(stall).noProgressAfter(stall.multipliedBy(4))
                            .jobStorage(PostgresJobStorage.builder(opts.get("url")).probe(probe).build())
                            .build()))
                    .name(opts.getOrDefault("name", "worker")).stallAfter(stall)
                    .concurrency(Integer.parseInt(opts.getOrDefault("concurrency", "1")))
                    .pollInterval(Duration.ofMillis(Long.parseLong(opts.getOrDefault("poll", "200"))))
                    .exitWhenIdle("exit".equals(opts.get("idle"))).build();
            out.println("WORKING");
            worker.run();
        } catch (Throwable e) {
            out.println("ERROR " + e);
            e.printStackTrace(out);
            code = 1;
        }
        out.println("EXITED " + detectors.stream().mapToLong(CountingDetector::calls).sum());
        out.flush();
        System.exit(code);
    }

    /** Announces a slot's pipeline as built: from now on the slot claims work. */
    private static FacePipeline ready(PrintStream out, FacePipeline pipeline) {
        out.println("PIPELINE READY");
        return pipeline;
    }

    /** The default detector, counted; one per pipeline. */
    private static CountingDetector counting(List<CountingDetector> all, PrintStream out) {
        CountingDetector d = new CountingDetector(Providers.fromClassPath().detector("opencv-haar", ProviderConfig.empty()),
                out, null);
        all.add(d);
        return d;
    }

    /** This process, but on the named host when one is given. */
    private static ProcessProbe probe(String host) {
        ProcessProbe local = ProcessProbe.local();
        if (host == null) {
            return local;
        }
        return new ProcessProbe() {
            @Override
            public long pid() {
                return local.pid();
            }

            @Override
            public Optional<Instant> startTime() {
                return local.startTime();
            }

            @Override
            public String host() {
                return host;
            }

            @Override
            public boolean isAlive(long pid, Instant startTime) {
                return local.isAlive(pid, startTime);
            }

            @Override
            public boolean terminate(long pid, boolean force) {
                return local.terminate(pid, force);
            }
        };
    }
}
