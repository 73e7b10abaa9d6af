package dev.facereel.core.pipeline;

import static dev.facereel.core.process.ChildJvm.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import dev.facereel.core.StageStatus;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.core.process.ChildJvm;
import dev.facereel.core.testing.CountingDetector;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's crash, resume and cancel guarantees with real child JVMs ({@link PipelineChild}) on the real file
 * system, on the synthetic episode (210 sampled frames at 5 fps) with the default providers. Each result is
 * compared with one uninterrupted run, made in this JVM while the first test's children work.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineDurabilityTest {
    private static final String EPISODE = "synth_s01_e01";
    private static final int SAMPLED_FRAMES = 210;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> JVM = List.of("-Xmx256m");

    @TempDir
    static Path shared;
    private static Path video;
    private static CompletableFuture<Path> cleanRun;

    @TempDir
    Path tmp;

    private final List<ChildJvm> children = new ArrayList<>();

    @BeforeAll
    static void startCleanRun() {
        video = SharedAssets.media("episode_synth.mp4");
        Path root = shared.resolve("clean");
        cleanRun = CompletableFuture.supplyAsync(() -> {
            try (FacePipeline pipeline = FacePipeline.builder().dataRoot(root).build()) {
                pipeline.submit(new Episode(EPISODE, video), Stage.CLUSTER).await();
                return root;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void stopChildren() {
        children.forEach(ChildJvm::close);
    }

    @Test
    @Order(1)
    void killDuringDetect_resumeFromNewProcess_redoesNothingBeforeCheckpoint_andMatchesCleanRun() throws Exception {
        Path root = tmp.resolve("data");
        ChildJvm a = child("run", "root=" + root, "video=" + video, "episode=" + EPISODE, "stage=CLUSTER", "hb=300",
                "stall=3000");
        String jobId = a.awaitLine("SUBMITTED", Duration.ofSeconds(30));
        awaitTrue(Duration.ofSeconds(30), () -> checkpointFile(root).isPresent(),
                "child A wrote its first detect checkpoint");

        a.kill();
        Path checkpointFile = checkpointFile(root).orElseThrow();
        JsonNode checkpoint = JSON.readTree(checkpointFile.toFile());
        long framesDone = checkpoint.path("frames_done").asLong();
        long lastFrame = checkpoint.path("last_frame").asLong();
        JobEnvelope atDeath = store(root).find(JobId.of(jobId)).orElseThrow();
        long envelopeCheckpoint = atDeath.stage(Stage.DETECT).orElseThrow().checkpoint();
        System.out.printf("kill: child A died after %d detector calls; checkpoint.json frames_done=%d last_frame=%d,"
                + " envelope checkpoint=%d%n", CountingDetector.lastCount(a), framesDone, lastFrame, envelopeCheckpoint);
        assertThat(framesDone).isBetween(1L, SAMPLED_FRAMES - 1L);
        assertThat(CountingDetector.lastCount(a)).as("detector calls of A").isGreaterThanOrEqualTo(framesDone);
        assertThat(atDeath.status().isTerminal()).isFalse();
        assertThat(envelopeCheckpoint).as("the envelope never claims more than is on disk").isLessThanOrEqualTo(lastFrame);

        // A kill inside an atomic write leaves its temporary file behind; the next owner sweeps it.
        Files.writeString(checkpointFile.resolveSibling(".checkpoint.json.5eed5eed5eed5eed.tmp"), "{\"schema\":");
        Files.writeString(episodeDir(root).resolve(".runtime.json.5eed5eed5eed5eed.tmp"), "{\"schema\":");

        ChildJvm b = child("resume", "root=" + root, "job=" + jobId, "hb=300", "stall=3000");
        assertThat(b.awaitLine("RESUMED", Duration.ofSeconds(30))).isEqualTo(jobId);
        assertThat(b.awaitExit(Duration.ofSeconds(180))).as("B's exit; its output:\n%s", b.output()).isZero();
        long callsB = CountingDetector.lastCount(b);
        System.out.printf("kill: child B resumed %s and made %d detector calls (%d - %d)%n", jobId, callsB,
                SAMPLED_FRAMES, framesDone);
        assertThat(callsB).as("detector calls of the resumed worker").isEqualTo(SAMPLED_FRAMES - framesDone);

        JobEnvelope done = store(root).find(JobId.of(jobId)).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.leaseEpoch()).isGreaterThan(atDeath.leaseEpoch());
        assertSameOutputs(root, cleanRun.get(), Stage.CLUSTER);
        assertNoJobLeft(root);
    }

    @Test
    @Order(2)
    void cancelDuringDetect_stopsWithinOneHeartbeat_andLaterSubmitReusesCheckpoint() throws Exception {
        Path root = tmp.resolve("data");
        Duration heartbeat = Duration.ofMillis(500);
        try (FacePipeline observer = FacePipeline.builder().dataRoot(root).heartbeatInterval(heartbeat)
                .stallAfter(Duration.ofSeconds(3)).build()) {
            ChildJvm a = child("run", "root=" + root, "video=" + video, "episode=" + EPISODE, "stage=CLUSTER",
                    "hb=" + heartbeat.toMillis(), "stall=3000");
            String jobId = a.awaitLine("SUBMITTED", Duration.ofSeconds(30));
            awaitTrue(Duration.ofSeconds(30), () -> checkpointFile(root).isPresent(), "child A wrote a detect checkpoint");

            long t0 = System.nanoTime();
            observer.cancel(jobId);
            int exit = a.awaitExit(Duration.ofSeconds(30));
            Duration latency = Duration.ofNanos(System.nanoTime() - t0);
            long callsA = CountingDetector.lastCount(a);
            System.out.printf("cancel: child A exited %d ms after the cancel request (heartbeat %d ms), after %d"
                    + " detector calls%n", latency.toMillis(), heartbeat.toMillis(), callsA);
            assertThat(exit).as("A's exit; its output:\n%s", a.output()).isEqualTo(PipelineChild.EXIT_CANCELED);
            assertThat(a.findLine("ENDED")).hasValue("CANCELED CALLS " + callsA);
            assertThat(latency).isLessThanOrEqualTo(heartbeat.plusSeconds(2));

            JobEnvelope canceled = store(root).find(JobId.of(jobId)).orElseThrow();
            assertThat(canceled.status()).isEqualTo(JobStatus.CANCELED);
            EpisodeStatus status = observer.status(EPISODE);
            assertThat(status.activeJobId()).isNull();
            assertThat(status.stages().get(Stage.DETECT).status()).isEqualTo(StageStatus.CANCELED);
            assertThat(status.stages().get(Stage.DETECT).jobId()).isEqualTo(jobId);
            assertThat(observer.attach(EPISODE)).isEmpty();
            assertThat(observer.recoverable()).isEmpty();
            assertThat(episodeDir(root).resolve("lease.json")).doesNotExist();
            assertThat(JobStorage.onFiles(root).runtime().activeJobs(EpisodeKey.of(EPISODE))).isEmpty();

            long framesDone = JSON.readTree(checkpointFile(root).orElseThrow().toFile()).path("frames_done").asLong();
            assertThat(framesDone).as("frames in the checkpoint the canceled job left").isBetween(1L, callsA);
            ChildJvm b = child("run", "root=" + root, "video=" + video, "episode=" + EPISODE, "stage=CLUSTER", "hb=300",
                    "stall=3000");
            String second = b.awaitLine("SUBMITTED", Duration.ofSeconds(30));
            assertThat(b.awaitExit(Duration.ofSeconds(180))).as("B's exit; its output:\n%s", b.output()).isZero();
            long callsB = CountingDetector.lastCount(b);
            System.out.printf("cancel: a new submit %s made %d detector calls (%d - %d)%n", second, callsB,
                    SAMPLED_FRAMES, framesDone);
            assertThat(callsB).isLessThan(SAMPLED_FRAMES).isEqualTo(SAMPLED_FRAMES - framesDone);
            assertThat(store(root).find(JobId.of(second)).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(observer.status(EPISODE).stages().values())
                    .filteredOn(r -> Stage.CLUSTER.withPrerequisites().contains(r.stage()))
                    .hasSize(Stage.CLUSTER.withPrerequisites().size())
                    .allMatch(r -> r.status() == StageStatus.SUCCEEDED);
        }
        assertSameOutputs(root, cleanRun.get(), Stage.CLUSTER);
        assertNoJobLeft(root);
    }

    @Test
    @Order(3)
    void submit_twoProcessesAtOnceForOneEpisode_oneRuns_otherIsRefusedNamingIt() throws Exception {
        Path root = tmp.resolve("data");
        Path go = tmp.resolve("go");
        Path gate = tmp.resolve("gate");
        List<ChildJvm> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racers.add(child("run", "root=" + root, "video=" + video, "episode=" + EPISODE, "stage=DETECT", "fps=1",
                    "hb=300", "stall=3000", "go=" + go, "gate=" + gate));
        }
        for (ChildJvm r : racers) {
            r.awaitLine("READY", Duration.ofSeconds(30));
        }
        Files.createFile(go);
        awaitTrue(Duration.ofSeconds(30), () -> racers.stream().allMatch(r -> r.findLine("SUBMITTED").isPresent()
                || r.findLine("REFUSED").isPresent()), "both children submitted");
        List<ChildJvm> winners = racers.stream().filter(r -> r.findLine("SUBMITTED").isPresent()).toList();
        List<ChildJvm> losers = racers.stream().filter(r -> r.findLine("REFUSED").isPresent()).toList();
        assertThat(winners).as("children that started a job").hasSize(1);
        assertThat(losers).as("children that were refused").hasSize(1);
        ChildJvm winner = winners.get(0);
        ChildJvm loser = losers.get(0);
        String jobId = winner.findLine("SUBMITTED").orElseThrow();
        String refusal = loser.findLine("REFUSED").orElseThrow();
        System.out.println("race: " + jobId + " won; the other child got: " + refusal);
        assertThat(loser.awaitExit(Duration.ofSeconds(30))).isEqualTo(PipelineChild.EXIT_REFUSED);
        String[] parts = refusal.split(" :: ");
        assertThat(parts[0]).isEqualTo(jobId);
        assertThat(parts[1]).contains("pid " + winner.pid());
        assertThat(parts[2]).contains(jobId).contains(EPISODE);

        Files.createFile(gate);
        assertThat(winner.awaitExit(Duration.ofSeconds(60))).as("winner's exit; its output:\n%s", winner.output())
                .isZero();
        assertThat(store(root).find(JobId.of(jobId)).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(store(root).jobIds()).extracting(JobId::value).containsExactly(jobId);
        assertNoJobLeft(root);
    }

    @Test
    @Order(4)
    void stopOwnerPastStallAfter_resumeElsewhere_thenContinue_oldOwnerStopsAndOutputsMatchCleanRun() throws Exception {
        Path root = tmp.resolve("data");
        List<String> common = List.of("fps=1", "hb=300", "stall=3000");
        try (FacePipeline observer = FacePipeline.builder().dataRoot(root).sampleFps(1)
                .heartbeatInterval(Duration.ofMillis(300)).stallAfter(Duration.ofSeconds(3)).build()) {
            ChildJvm a = child(args(common, "run", "root=" + root, "video=" + video, "episode=" + EPISODE,
                    "stage=DETECT"));
            String jobId = a.awaitLine("SUBMITTED", Duration.ofSeconds(30));
            awaitTrue(Duration.ofSeconds(30), () -> checkpointFile(root).isPresent(), "child A wrote a detect checkpoint");
            a.signal("STOP");
            Path clean = tmp.resolve("clean-1fps");
            try (FacePipeline reference = FacePipeline.builder().dataRoot(clean).sampleFps(1).build()) {
                reference.submit(new Episode(EPISODE, video), Stage.DETECT).await();
            }
            awaitTrue(Duration.ofSeconds(30), () -> observer.status(EPISODE).stages().get(Stage.DETECT).status()
                    == StageStatus.DEAD, "the stopped owner's job reads dead");
            long epochA = store(root).find(JobId.of(jobId)).orElseThrow().leaseEpoch();

            ChildJvm b = child(args(common, "resume", "root=" + root, "job=" + jobId));
            assertThat(b.awaitExit(Duration.ofSeconds(60))).as("B's exit; its output:\n%s", b.output()).isZero();
            JobEnvelope done = store(root).find(JobId.of(jobId)).orElseThrow();
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.leaseEpoch()).isGreaterThan(epochA);

            a.signal("CONT");
            int exit = a.awaitExit(Duration.ofSeconds(30));
            System.out.printf("stop: A made %d detector calls, B %d; A exited %d after SIGCONT: %s%n", CountingDetector.lastCount(a),
                    CountingDetector.lastCount(b), exit, a.findLine("LEASE LOST").orElse("(no LEASE LOST line)"));
            assertThat(exit).as("A's exit; its output:\n%s", a.output()).isEqualTo(PipelineChild.EXIT_LEASE_LOST);
            assertThat(store(root).find(JobId.of(jobId)).orElseThrow()).isEqualTo(done);
            assertSameOutputs(root, clean, Stage.DETECT);
        }
        assertNoJobLeft(root);
    }

    private static String[] args(List<String> common, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(common);
        return all.toArray(String[]::new);
    }

    private ChildJvm child(String... args) throws IOException {
        ChildJvm child = ChildJvm.startMain(PipelineChild.class, JVM, args);
        children.add(child);
        return child;
    }


    private static Path episodeDir(Path root) {
        return root.resolve("episodes").resolve(EpisodeKey.of(EPISODE).value());
    }

    private static Path workDir(Path root) {
        return episodeDir(root).resolve("detect").resolve("work");
    }

    private static JobStore store(Path root) {
        return JobStorage.onFiles(root).jobs();
    }

    /** Detect results byte for byte, and (up to {@code target}) tracks and clusters as JSON. */
    private static void assertSameOutputs(Path root, Path clean, Stage target) throws IOException {
        for (String file : List.of("detect/faces.jsonl", "detect/embeddings.bin")) {
            assertThat(Files.readAllBytes(episodeDir(root).resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(episodeDir(clean).resolve(file)));
        }
        if (target == Stage.CLUSTER) {
            for (String file : List.of("track/tracks.json", "cluster/clusters.json")) {
                assertThat(JSON.readTree(episodeDir(root).resolve(file).toFile())).as(file)
                        .isEqualTo(JSON.readTree(episodeDir(clean).resolve(file).toFile()));
            }
        }
    }

    /** No lease, no active job in runtime.json, no detect work folder, and no temporary file anywhere. */
    private static void assertNoJobLeft(Path root) throws IOException {
        EpisodeKey key = EpisodeKey.of(EPISODE);
        assertThat(episodeDir(root).resolve("lease.json")).doesNotExist();
        assertThat(JobStorage.onFiles(root).runtime().activeJobs(key)).isEmpty();
        assertThat(workDir(root)).doesNotExist();
        assertThat(temporaryFiles(root)).isEmpty();
    }

    /** The checkpoint of the detect worker now running (each worker has its own work folder). */
    private static Optional<Path> checkpointFile(Path root) {
        try (Stream<Path> all = Files.walk(workDir(root))) {
            return all.filter(p -> p.getFileName().toString().equals("checkpoint.json")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<Path> temporaryFiles(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
