package dev.facereel.core.pipeline;

import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobCanceledException;
import dev.facereel.core.JobHandle;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.Providers;
import dev.facereel.core.Stage;
import dev.facereel.core.StageStatus;
import dev.facereel.core.testing.CountingDetector;
import dev.facereel.spi.FaceReelException;
import dev.facereel.spi.ProviderConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker process for the pipeline durability tests: one {@link FacePipeline} with the default providers, its
 * detector wrapped in a {@link CountingDetector}. Arguments are {@code key=value} pairs after the mode:
 * <ul>
 *   <li>{@code run root=<dir> video=<file> episode=<id> stage=<stage>}: submits and waits for the end.</li>
 *   <li>{@code resume root=<dir> job=<id>}: resumes a dead job and waits for the end.</li>
 *   <li>{@code analyze root=<dir> video=<file> episode=<id> stage=<stage>}: what {@code facereel analyze} does:
 *       resumes the episode's dead job if there is one, then submits and waits for the end.</li>
 *   <li>{@code cancel root=<dir> job=<id>}: requests cancellation (a dead job ends at once) and prints
 *       {@code CANCEL_REQUESTED <job id>}.</li>
 * </ul>
 * With {@code go=<file>} and no {@code job=}, {@code cancel} and {@code resume} take the job id from the go file.
 * <ul>
 *   <li>{@code race root=<dir> video=<file> episode=<id> rounds=<n> threads=<t> index=<i>}: for each of n rounds r
 *       from {@code first=<r>} (default 0), builds a pipeline on {@code <root>/round-<r>}, prints {@code READY <r>},
 *       waits for {@code <root>/go-<r>}, then t threads submit {@code DETECT} at once (the detector held at
 *       {@code <root>/gate-<r>}). A refused thread prints {@code R<r> REFUSED <job id> :: <owner>}, or, when
 *       {@code (index + r)} is even, re-attaches and prints {@code R<r> ATTACHED <job id>}; the submitter prints
 *       {@code R<r> SUBMITTED <job id>}. Every thread then follows its job and prints
 *       {@code R<r> ENDED <job id> <how>}.</li>
 * </ul>
 * Common options: {@code hb=<heartbeat ms>}, {@code stall=<stallAfter ms>}, {@code fps=<sampleFps>},
 * {@code haar=<key:value,...>} (options of the opencv-haar detector), {@code go=<file>} (print {@code READY} and wait
 * for the file, then {@code delay=<ms>}, before acting), {@code gate=<file>} (hold the first detector call until the file exists).
 *
 * <p>Prints {@code SUBMITTED <job id>} or {@code RESUMED <job id>}, {@code DETECTED <n> <ms>} after each detector
 * call, {@code FRAME <frames done> <epoch microseconds>} after each detected frame, {@code BEAT <heartbeat seq>
 * <frames done>} at each detect heartbeat (each one follows a durable checkpoint), and {@code ENDED <status> CALLS
 * <n>} at the end. Exit codes: 0 succeeded, 2 refused
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
        try {
            if (args[0].equals("race")) {
                code = race(opts, out);
            } else {
                CountingDetector detector = detector(opts, out, opts.containsKey("gate") ? Path.of(opts.get("gate")) : null);
                try (FacePipeline pipeline = pipeline(opts, Path.of(opts.get("root")), detector)) {
                    code = run(args[0], opts, pipeline, detector, out);
                }
            }
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

    private static CountingDetector detector(Map<String, String> opts, PrintStream out, Path gate) {
        ProviderConfig haar = ProviderConfig.empty();
        for (String option : opts.getOrDefault("haar", "").split(",")) {
            if (!option.isEmpty()) {
                haar = haar.with(option.substring(0, option.indexOf(':')), option.substring(option.indexOf(':') + 1));
            }
        }
        return new CountingDetector(Providers.fromClassPath().detector("opencv-haar", haar), out, gate);
    }

    private static FacePipeline pipeline(Map<String, String> opts, Path root, CountingDetector detector) {
        return FacePipeline.builder()
                .dataRoot(root)
                .detector(detector)
                .sampleFps(Double.parseDouble(opts.getOrDefault("fps", "5")))
                .heartbeatInterval(Duration.ofMillis(Long.parseLong(opts.getOrDefault("hb", "300"))))
                .stallAfter(Duration.ofMillis(Long.parseLong(opts.getOrDefault("stall", "3000"))))
                .build();
    }

    private static int run(String mode, Map<String, String> opts, FacePipeline pipeline, CountingDetector detector,
                           PrintStream out) throws InterruptedException, IOException {
        if (opts.containsKey("go")) {
            out.println("READY");
            awaitFile(Path.of(opts.get("go")));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(opts.getOrDefault("delay", "0"))));
            if (!opts.containsKey("job")) {
                opts.put("job", Files.readString(Path.of(opts.get("go"))).trim());
            }
        }
        if (mode.equals("cancel")) {
            pipeline.cancel(opts.get("job"));
            out.println("CANCEL_REQUESTED " + opts.get("job"));
            return 0;
        }
        if (mode.equals("analyze")) {
            EpisodeStatus status = pipeline.status(opts.get("episode"));
            boolean dead = status.stages().values().stream().anyMatch(s -> s.status() == StageStatus.DEAD);
            if (status.activeJobId() != null && dead) {
                int code = follow(pipeline.resume(status.activeJobId()), "RESUMED", detector, out);
                if (code != 0) {
                    return code;
                }
            }
        }
        JobHandle job = switch (mode) {
            case "run", "analyze" -> pipeline.submit(new Episode(opts.get("episode"), Path.of(opts.get("video"))),
                    Stage.fromId(opts.get("stage").toLowerCase(java.util.Locale.ROOT)));
            case "resume" -> pipeline.resume(opts.get("job"));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        return follow(job, mode.equals("resume") ? "RESUMED" : "SUBMITTED", detector, out);
    }

    /** Prints how the job started, its detect heartbeats and how it ended; returns the exit code for the end. */
    private static int follow(JobHandle job, String how, CountingDetector detector, PrintStream out)
            throws InterruptedException {
        out.println(how + " " + job.jobId());
        AtomicLong lastBeat = new AtomicLong(-1);
        job.onProgress(e -> {
            if (e.stage() == Stage.DETECT && e.status().equals("running")) {
                out.println("FRAME " + e.framesDone() + " " + ChronoUnit.MICROS.between(Instant.EPOCH, e.at()));
                if (lastBeat.getAndSet(e.heartbeatSeq()) != e.heartbeatSeq()) {
                    out.println("BEAT " + e.heartbeatSeq() + " " + e.framesDone());
                }
            }
        });
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

    private static int race(Map<String, String> opts, PrintStream out) throws InterruptedException {
        Path root = Path.of(opts.get("root"));
        int first = Integer.parseInt(opts.getOrDefault("first", "0"));
        int rounds = Integer.parseInt(opts.get("rounds"));
        int threads = Integer.parseInt(opts.get("threads"));
        int index = Integer.parseInt(opts.get("index"));
        Episode episode = new Episode(opts.get("episode"), Path.of(opts.get("video")));
        for (int r = first; r < first + rounds; r++) {
            int round = r;
            boolean attach = (index + round) % 2 == 0;
            CountingDetector detector = detector(opts, out, root.resolve("gate-" + round));
            try (FacePipeline pipeline = pipeline(opts, root.resolve("round-" + round), detector)) {
                out.println("READY " + round);
                awaitFile(root.resolve("go-" + round));
                CountDownLatch start = new CountDownLatch(1);
                List<Thread> racers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Thread racer = new Thread(() -> raceOnce(pipeline, episode, round, attach, start, out));
                    racer.start();
                    racers.add(racer);
                }
                start.countDown();
                for (Thread racer : racers) {
                    racer.join();
                }
            }
        }
        return 0;
    }

    private static void raceOnce(FacePipeline pipeline, Episode episode, int round, boolean attach, CountDownLatch start,
                                 PrintStream out) {
        String tag = "R" + round + " ";
        try {
            start.await();
            JobHandle job;
            try {
                job = pipeline.submit(episode, Stage.DETECT);
                out.println(tag + "SUBMITTED " + job.jobId());
            } catch (JobAlreadyRunningException e) {
                Optional<JobHandle> attached = attach ? pipeline.attach(episode.id()) : Optional.empty();
                if (attached.isEmpty()) {
                    out.println(tag + (attach ? "ATTACH_FOUND_NOTHING " : "REFUSED ") + e.jobId() + " :: " + e.owner());
                    return;
                }
                job = attached.get();
                out.println(tag + "ATTACHED " + job.jobId());
            }
            String end;
            try {
                job.await();
                end = "SUCCEEDED";
            } catch (FaceReelException e) {
                end = "FAILED " + e.getMessage();
            }
            out.println(tag + "ENDED " + job.jobId() + " " + end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.println(tag + "ERROR " + e);
        }
    }

    private static void awaitFile(Path file) {
        while (!Files.exists(file)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
