package dev.facereel.bench;

import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobHandle;
import dev.facereel.core.JobId;
import dev.facereel.core.ProgressEvent;
import dev.facereel.core.Stage;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.StageState;
import dev.facereel.spi.ProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One DETECT job of the real pipeline (a detector at input 640, {@code scrfd} unless the setup names another, plus
 * {@code arcface}) on a fresh data root, timed from {@code submit} to the end of {@code await}. Models are loaded
 * before the clock starts.
 */
final class DetectRun {
    /**
     * How the job runs: frames analysed at once, intra-op threads per ONNX session, sample rate, heartbeat (and so
     * checkpoint) interval, whether the data root is an in-memory file system instead of a temporary folder, and the
     * detector.
     */
    record Setup(int parallelism, int threads, double sampleFps, Duration heartbeat, boolean inMemory,
                 DetectorModel detector) {
        Setup(int parallelism, int threads, double sampleFps, Duration heartbeat, boolean inMemory) {
            this(parallelism, threads, sampleFps, heartbeat, inMemory, DetectorModel.SCRFD);
        }

        static Setup of(int parallelism, int threads, double sampleFps) {
            return new Setup(parallelism, threads, sampleFps, Duration.ofSeconds(10), false);
        }

        Setup with(DetectorModel other) {
            return new Setup(parallelism, threads, sampleFps, heartbeat, inMemory, other);
        }

        /** The settings that tell rows apart: the detector when it is not SCRFD, frames at once and threads. */
        String tag() {
            return (detector == DetectorModel.SCRFD ? "" : detector.label() + ", ") + "parallelism=" + parallelism
                    + " threads=" + threads;
        }
    }

    /**
     * What one run measured: wall seconds of the job and of the detect stage alone, CPU seconds of the whole
     * process over the job (less disturbed than wall time on a shared machine), and what it found.
     */
    record Result(double jobSeconds, double stageSeconds, double cpuSeconds, long frames, long faces) {
        double framesPerSecond() {
            return frames / jobSeconds;
        }

        double framesPerCpuSecond() {
            return frames / cpuSeconds;
        }

        double facesPerFrame() {
            return frames == 0 ? 0 : faces / (double) frames;
        }
    }

    private DetectRun() {
    }

    static Result run(Assets assets, Path video, Setup setup, Consumer<ProgressEvent> listener) {
        FileSystem memory = setup.inMemory() ? Jimfs.newFileSystem(Configuration.unix()) : null;
        Path root = memory != null ? memory.getPath("/data") : tempRoot();
        try (FacePipeline pipeline = FacePipeline.builder()
                .dataRoot(root)
                .detector(setup.detector().provider(), ProviderConfig.ofModel(assets.model(setup.detector()))
                        .with("input_size", "640").with("threads", Integer.toString(setup.threads())))
                .embedder("arcface", ProviderConfig.ofModel(assets.embedderModel())
                        .with("threads", Integer.toString(setup.threads())))
                .parallelism(setup.parallelism())
                .sampleFps(setup.sampleFps())
                .heartbeatInterval(setup.heartbeat())
                .stallAfter(max(Duration.ofSeconds(30), setup.heartbeat().multipliedBy(3)))
                .noProgressAfter(max(Duration.ofSeconds(120), setup.heartbeat().multipliedBy(12)))
                .build()) {
            Episode episode = new Episode("bench_episode", video);
            long[] stage = new long[2];
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            JobHandle job = pipeline.submit(episode, Stage.DETECT);
            job.onProgress(e -> {
                if (e.stage() == Stage.DETECT && e.status().equals("starting")) {
                    stage[0] = System.nanoTime();
                } else if (e.stage() == Stage.DETECT && e.status().equals("succeeded") && stage[1] == 0) {
                    stage[1] = System.nanoTime();
                }
                if (listener != null) {
                    listener.accept(e);
                }
            });
            job.await();
            long end = System.nanoTime();
            long cpuEnd = processCpuNanos();
            long[] counts = count(root, job.jobId());
            double stageSeconds = stage[0] > 0 && stage[1] > stage[0] ? (stage[1] - stage[0]) / 1e9 : Double.NaN;
            return new Result((end - start) / 1e9, stageSeconds, (cpuEnd - cpuStart) / 1e9, counts[0], counts[1]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the detect job", e);
        } finally {
            if (memory != null) {
                closeQuietly(memory);
            } else {
                deleteTree(root);
            }
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void closeQuietly(FileSystem fs) {
        try {
            fs.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU time of this process so far, all threads, in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** {frames, faces}: what the job's detect stage found, as it recorded in its result. */
    static long[] count(Path root, String jobId) {
        Map<String, String> result = JobStorage.onFiles(root).jobs().find(JobId.of(jobId)).flatMap(e -> e.stage(Stage.DETECT))
                .map(StageState::result).filter(r -> r.containsKey("frames") && r.containsKey("faces"))
                .orElseThrow(() -> new IllegalStateException("job " + jobId + " recorded no detect result"));
        return new long[] {Long.parseLong(result.get("frames")), Long.parseLong(result.get("faces"))};
    }

    static Path tempRoot() {
        try {
            return Files.createTempDirectory("facereel-bench-root");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
