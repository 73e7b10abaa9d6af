package dev.facereel.core.torture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.pipeline.PipelineChild;
import dev.facereel.core.process.ChildJvm;
import dev.facereel.core.testing.Clips;
import dev.facereel.core.testing.CountingDetector;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The episode every torture scenario works on, and one uninterrupted run of it to compare with. The episode is a
 * 12-second clip cut at test time from {@code episode_synth.mp4} (frames 450-749: four shots, two of them with two
 * people), scaled to 320x180 and analysed at 2 frames per second with the model-free providers, so that a whole
 * run takes a few seconds and a scenario can afford many rounds. Heartbeats (and so detect checkpoints) come every
 * 200 ms. Shared by the torture classes of one test JVM; its files are deleted when the JVM exits.
 */
final class TortureEpisode {
    static final String EPISODE = "torture_s01_e01";
    static final EpisodeKey KEY = EpisodeKey.of(EPISODE);
    static final List<String> JVM = List.of("-Xmx256m");
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    static final Duration HEARTBEAT = Duration.ofMillis(200);

    private static Path dir;
    private static Path clip;
    private static Reference reference;

    private TortureEpisode() {
    }

    /**
     * The uninterrupted run: its data root, the worker's file operations per stage, its sampled frames, and its wall
     * time from the child's start to its exit, the unit of the scenarios' time limits ({@link Torture.Budget}).
     */
    record Reference(Path root, Map<KillSwitch.Point, Integer> operations, long frames, Duration time) {
    }

    static synchronized Path clip() {
        if (clip == null) {
            try {
                dir = Files.createTempDirectory("facereel-torture");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                clip = Clips.cut(SharedAssets.media("episode_synth.mp4"), 450, 300, 320, 180, dir.resolve("clip.mp4"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return clip;
    }

    /** Runs the episode once to the end in a child JVM, counting the worker's file operations per stage, and times it. */
    static synchronized Reference reference() throws IOException, InterruptedException {
        if (reference == null) {
            Path root = clip().resolveSibling("reference");
            long t0 = System.nanoTime();
            try (ChildJvm child = start(List.of(KillSwitch.JVM_OPTION), "run", root)) {
                Map<KillSwitch.Point, Integer> ops = KillSwitch.count(child, RUN_TIMEOUT);
                if (child.awaitExit(RUN_TIMEOUT) != 0) {
                    throw new AssertionError("the reference run failed:\n" + child.output());
                }
                reference = new Reference(root, ops, calls(child), Duration.ofNanos(System.nanoTime() - t0));
                System.out.printf("[torture] reference run: %.1f s, %d sampled frames, detect checkpoints at %s frames,"
                        + " at most %d frames per heartbeat interval, file operations after each kill point %s%n",
                        reference.time().toMillis() / 1e3, reference.frames(), beats(child), framesPerInterval(child), ops);
            }
        }
        return reference;
    }

    /** Starts {@link PipelineChild} in {@code mode} on {@code root} with the episode's settings and extra arguments. */
    static ChildJvm start(List<String> jvmOptions, String mode, Path root, String... extra) throws IOException {
        List<String> jvm = new ArrayList<>(JVM);
        jvm.addAll(jvmOptions);
        List<String> args = new ArrayList<>(List.of(mode, "root=" + root, "video=" + clip(), "episode=" + EPISODE,
                "stage=CLUSTER", "fps=2", "hb=" + HEARTBEAT.toMillis(), "stall=1500"));
        args.addAll(List.of(extra));
        return ChildJvm.startMain(PipelineChild.class, jvm, args.toArray(String[]::new));
    }

    static Path episodeDir(Path root) {
        return root.resolve("episodes").resolve(KEY.value());
    }

    /** The detector calls the child reported so far. */
    static long calls(ChildJvm child) {
        return CountingDetector.lastCount(child);
    }

    /** The frames done at each detect heartbeat the child printed. */
    static List<Long> beats(ChildJvm child) {
        return child.linesStartingWith("BEAT").stream().map(l -> Long.parseLong(l.split(" ")[1])).toList();
    }

    /**
     * The most frames the child detected within one heartbeat interval: the largest number of its {@code FRAME}
     * times that fit in a window as long as the interval.
     */
    static long framesPerInterval(ChildJvm child) {
        List<Long> micros = child.linesStartingWith("FRAME").stream().map(l -> Long.parseLong(l.split(" ")[1])).toList();
        long most = 0;
        int from = 0;
        for (int to = 0; to < micros.size(); to++) {
            while (micros.get(to) - micros.get(from) >= HEARTBEAT.toNanos() / 1000) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    /** The frames of the checkpoint in the detect work folder, 0 if it has none yet; empty without a work folder. */
    static Optional<Long> checkpointFrames(Path root) throws IOException {
        Path work = episodeDir(root).resolve("detect").resolve("work");
        if (!Files.isDirectory(work)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(work)) {
            Optional<Path> checkpoint = files.filter(p -> p.getFileName().toString().equals("checkpoint.json")).findFirst();
            if (checkpoint.isEmpty()) {
                return Optional.of(0L);
            }
            JsonNode n = new ObjectMapper().readTree(Files.readAllBytes(checkpoint.get()));
            return Optional.of(n.path("frames_done").asLong());
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
