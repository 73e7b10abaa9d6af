package dev.facereel.core.testing;

import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.stage.name.NameCodec;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One episode of a show, analysed for real through {@link Stage#NAME} with the model-free defaults, for the tests of
 * the cast: a 12-second clip of {@code episode_synth.mp4} (frames 450-749: four shots, two with two people) at 320x180,
 * sampled twice a second, so the run takes a few seconds. It is analysed once per test JVM into a data root on the
 * disk (the clip inside it), and {@link #copyInto} gives each test a copy of its own, on Jimfs or on the disk.
 * Its files are deleted when the JVM exits.
 */
public final class CastFixtures {
    public static final String SHOW = "sitcom";
    public static final String EPISODE = "sitcom_s01_e01";
    public static final EpisodeKey KEY = EpisodeKey.of(EPISODE);
    public static final double FPS = 2;

    private static Path root;

    private CastFixtures() {
    }

    /** The analysed data root on the disk (never change it: copy it). */
    public static synchronized Path analysedRoot() {
        if (root == null) {
            try {
                Path dir = Files.createTempDirectory("facereel-cast");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Path r = dir.resolve("root");
                Path clip = Clips.cut(SharedAssets.media("episode_synth.mp4"), 450, 300, 320, 180,
                        Files.createDirectories(r.resolve("media")).resolve("clip.mp4"));
                try (FacePipeline pipeline = pipeline(r)) {
                    pipeline.submit(new Episode(EPISODE, clip, SHOW), Stage.NAME).await();
                }
                root = r;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return root;
    }

    /** The episode as analysed, with its clip under {@code root}. */
    public static Episode episode(Path root) {
        return new Episode(EPISODE, root.resolve("media").resolve("clip.mp4"), SHOW);
    }

    /**
     * A pipeline with the settings the episode was analysed with (so nothing but NAME is stale): the model-free
     * defaults, but clustering at 0.45 rather than opencv-lbp's own 0.86, so that identities hold several tracks
     * for the edits to work on.
     */
    public static FacePipeline pipeline(Path root) {
        return FacePipeline.builder().dataRoot(root).sampleFps(FPS).clusterThreshold(0.45).build();
    }

    /**
     * Copies the analysed root to the same absolute path on {@code fs} (modification times kept, so the clip's
     * fingerprint is the same) and returns that path.
     */
    public static Path copyInto(FileSystem fs) {
        return copyTo(fs.getPath(analysedRoot().toString()));
    }

    /** Copies the analysed root to {@code target} on the disk; the episode's clip path still points into the original. */
    public static Path copyTo(Path target) {
        Path source = analysedRoot();
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(target.getFileSystem().getPath("", source.relativize(p).toString()));
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.write(to, Files.readAllBytes(p));
                    Files.setLastModifiedTime(to, Files.getLastModifiedTime(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** The episode's identities as {@code name/identities.json} holds them. */
    public static List<NameCodec.Entry> identities(Path root) {
        return NameCodec.read(new DataLayout(root), KEY).orElseThrow().all();
    }

    /** The show's cast in the file store under {@code root}. */
    public static dev.facereel.core.cast.Cast castOf(Path root) {
        return dev.facereel.core.jobs.JobStorage.onFiles(root).casts().read(SHOW);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
