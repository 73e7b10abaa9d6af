package dev.facereel.core.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobHandle;
import dev.facereel.core.JobId;
import dev.facereel.core.Providers;
import dev.facereel.core.Stage;
import dev.facereel.core.StageStatus;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.testing.CountingDetector;
import dev.facereel.spi.FaceReelException;
import dev.facereel.spi.ProviderConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: the disk fills up in the middle of a job. The data root is a Jimfs file system of limited size (any
 * NIO file system can hold one, and this one can be filled exactly, without root or a mount). An episode is first
 * analysed to the end; then a filler file leaves a random few hundred KiB free and the episode is analysed again at
 * another sample rate, so detect starts over in its work folder, until a write fails. The job must fail with an error
 * naming the file or folder it could not write, leave the earlier results exactly as they were and no job active, no
 * lease and no temporary file. Once the filler is deleted, analysing again resumes from the failed run's detect
 * checkpoint (detecting only the frames after it) and completes.
 */
@Tag("torture")
class FullDiskTortureTest {
    private static final long DISK = 16L << 20;
    /**
     * A round, in this JVM: a run to the end, one until the disk fills up, and one that resumes it (measured: 0.7
     * reference runs).
     */
    private static final Torture.Scenario SCENARIO = new Torture.Scenario("full-disk",
            "Full disk on a " + (DISK >> 20) + " MiB Jimfs", 3, 30, 1);

    @Test
    void diskFullInTheMiddleOfAJob_failsClearly_keepsEarlierResults_andResumesOnceSpaceIsFreed() throws Exception {
        Torture torture = Torture.begin(SCENARIO, "round", "free KiB", "the error", "checkpoint frames",
                "detector calls after freeing space", "s");
        torture.run((round, random) -> {
            long t0 = System.nanoTime();
            long free = (64 + random.nextInt(448)) << 10;
            try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(DISK).build())) {
                Path root = fs.getPath("/data");
                Episode episode = new Episode(TortureEpisode.EPISODE, TortureEpisode.clip());
                run(root, 2);
                Map<String, String> earlier = results(root);

                Path filler = fs.getPath("/filler");
                fill(filler, DISK - used(fs) - free);
                CountingDetector detector = detector();
                Throwable failure;
                JobId failed;
                try (FacePipeline pipeline = pipeline(root, 3, detector)) {
                    JobHandle job = pipeline.submit(episode, Stage.CLUSTER);
                    failed = JobId.of(job.jobId());
                    failure = catchThrowable(job::await);
                    assertThat(failure).as("round %d: the job's failure", round).isInstanceOf(FaceReelException.class)
                            .hasMessageContaining(root.toString());
                    assertThat(pipeline.status(TortureEpisode.EPISODE).activeJobId()).as("active job").isNull();
                    assertThat(pipeline.status(TortureEpisode.EPISODE).stages().get(Stage.DETECT).status())
                            .isEqualTo(StageStatus.FAILED);
                }
                assertThat(JobStorage.onFiles(root).jobs().find(failed).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
                assertThat(results(root)).as("round %d: the earlier results after the failure", round).isEqualTo(earlier);
                assertThat(Results.leftovers(root).stream().filter(l -> !l.startsWith("detect work folder")))
                        .as("round %d: left behind", round).isEmpty();
                long checkpoint = TortureEpisode.checkpointFrames(root).orElse(0L);
                Files.delete(filler);
                CountingDetector again = detector();
                String resumed;
                try (FacePipeline pipeline = pipeline(root, 3, again)) {
                    JobHandle job = pipeline.submit(episode, Stage.CLUSTER);
                    resumed = job.jobId();
                    job.await();
                }
                long total = JobStorage.onFiles(root).jobs().find(JobId.of(resumed)).orElseThrow().stage(Stage.DETECT).orElseThrow()
                        .unitsTotal();
                assertThat(again.calls()).as("round %d: detector calls after freeing space", round)
                        .isEqualTo(total - checkpoint);
                assertThat(Results.leftovers(root)).as("round %d: left behind at the end", round).isEmpty();
                torture.row(round, free >> 10, failure.getMessage(), checkpoint, again.calls() + " of " + total,
                        Torture.seconds(t0));
            }
        });
        torture.end("rounds");
    }

    private static void run(Path root, double fps) throws InterruptedException {
        try (FacePipeline pipeline = pipeline(root, fps, detector())) {
            pipeline.submit(new Episode(TortureEpisode.EPISODE, TortureEpisode.clip()), Stage.CLUSTER).await();
        }
    }

    private static FacePipeline pipeline(Path root, double fps, CountingDetector detector) {
        return FacePipeline.builder().dataRoot(root).detector(detector).sampleFps(fps)
                .heartbeatInterval(TortureEpisode.HEARTBEAT).stallAfter(Duration.ofMillis(1500)).build();
    }

    private static CountingDetector detector() {
        return new CountingDetector(Providers.fromClassPath().detector("opencv-haar", ProviderConfig.empty()),
                new PrintStream(OutputStream.nullOutputStream()), null);
    }


    /** Every result file of the episode (the stage folders and episode.json) with its content's hash. */
    private static Map<String, String> results(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path dir = TortureEpisode.episodeDir(root);
        for (String sub : List.of("detect", "track", "stills", "cluster")) {
            try (Stream<Path> all = Files.list(dir.resolve(sub))) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    files.put(dir.relativize(p).toString(), Integer.toHexString(java.util.Arrays.hashCode(
                            Files.readAllBytes(p))));
                }
            }
        }
        files.put("episode.json", Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(dir.resolve(
                "episode.json")))));
        return files;
    }

    private static long used(FileSystem fs) throws IOException {
        java.nio.file.FileStore store = fs.getFileStores().iterator().next();
        return store.getTotalSpace() - store.getUnallocatedSpace();
    }

    private static void fill(Path file, long bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            for (long left = bytes; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }
}
