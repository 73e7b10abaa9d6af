package dev.facereel.core.pipeline;

import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobCanceledException;
import dev.facereel.core.JobHandle;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.Providers;
import dev.facereel.core.Stage;
import dev.facereel.core.testing.CountingDetector;
import dev.facereel.spi.ProviderConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker process for the pipeline durability tests: one {@link FacePipeline} with the default providers, its
 * detector wrapped in a {@link CountingDetector}. Arguments are {@code key=value} pairs after the mode:
 * <ul>
 *   <li>{@code run root=<dir> video=<file> episode=<id> stage=<stage>}: submits and waits for the end.</li>
 *   <li>{@code resume root=<dir> job=<id>}: resumes a dead job and waits for the end.</li>
 * </ul>
 * Common options: {@code hb=<heartbeat ms>}, {@code stall=<stallAfter ms>}, {@code fps=<sampleFps>},
 * {@code go=<file>} (print {@code READY} and wait for the file before submitting), {@code gate=<file>} (hold
 * the first detector call until the file exists).
 *
 * <p>Prints {@code SUBMITTED <job id>} or {@code RESUMED <job id>}, {@code DETECTED <n> <ms>} after each detector
 * call, and {@code ENDED <status> CALLS <n>} at the end. Exit codes: 0 succeeded, 2 refused
 * ({@code REFUSED <job id> :: <owner> :: <message>}), 3 lease lost, 4 canceled, 1 anything else.
 */
public final class PipelineChild {
    static final int EXIT_REFUSED = 2;
    static final int EXIT_LEASE_LOST = 3;
    static final int EXIT_CANCELED = 4;

    private PipelineChild() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        int code;
        CountingDetector detector = new CountingDetector(
                Providers.fromClassPath().detector("opencv-haar", ProviderConfig.empty()), out,
                opts.containsKey("gate") ? Path.of(opts.get("gate")) : null);
        try (FacePipeline pipeline = FacePipeline.builder()
                .dataRoot(Path.of(opts.get("root")))
                .detector(detector)
                .sampleFps(Double.parseDouble(opts.getOrDefault("fps", "5")))
                .heartbeatInterval(Duration.ofMillis(Long.parseLong(opts.getOrDefault("hb", "300"))))
                .stallAfter(Duration.ofMillis(Long.parseLong(opts.getOrDefault("stall", "3000"))))
                .build()) {
            code = run(args[0], opts, pipeline, detector, out);
        } catch (JobAlreadyRunningException e) {
            out.println("REFUSED " + e.jobId() + " :: " + e.owner() + " :: " + e.getMessage());
            code = EXIT_REFUSED;
        } catch (Throwable e) {
            out.println("ERROR " + e);
            e.printStackTrace(out);
            code = 1;
        }
        out.flush();
        System.exit(code);
    }

    private static int run(String mode, Map<String, String> opts, FacePipeline pipeline, CountingDetector detector,
                           PrintStream out) throws InterruptedException {
        if (opts.containsKey("go")) {
            out.println("READY");
            Path go = Path.of(opts.get("go"));
            while (!Files.exists(go)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
        JobHandle job = switch (mode) {
            case "run" -> {
                JobHandle h = pipeline.submit(new Episode(opts.get("episode"), Path.of(opts.get("video"))),
                        Stage.valueOf(opts.get("stage")));
                out.println("SUBMITTED " + h.jobId());
                yield h;
            }
            case "resume" -> {
                JobHandle h = pipeline.resume(opts.get("job"));
                out.println("RESUMED " + h.jobId());
                yield h;
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        try {
            job.await();
            out.println("ENDED SUCCEEDED CALLS " + detector.calls());
            return 0;
        } catch (JobCanceledException e) {
            out.println("ENDED CANCELED CALLS " + detector.calls());
            return EXIT_CANCELED;
        } catch (LeaseLostException e) {
            out.println("LEASE LOST " + e.getMessage());
            out.println("ENDED LEASE_LOST CALLS " + detector.calls());
            return EXIT_LEASE_LOST;
        }
    }
}
