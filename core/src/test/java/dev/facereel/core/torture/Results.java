package dev.facereel.core.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.Stage;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.jobs.JobStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/** Compares an episode's results with the reference run's, and finds what a crash may have left behind. */
final class Results {
    private Results() {
    }

    /**
     * Every result file of the episode (episode.json and each stage folder) equals the reference's: the same file
     * names, the same bytes, and for the JPEG stills the same decoded pixels.
     */
    static void assertSameAsReference(Path root, Path reference) throws IOException {
        Path mine = TortureEpisode.episodeDir(root);
        Path theirs = TortureEpisode.episodeDir(reference);
        assertThat(Files.readAllBytes(mine.resolve("episode.json"))).as("episode.json")
                .isEqualTo(Files.readAllBytes(theirs.resolve("episode.json")));
        for (Stage stage : Stage.values()) {
            List<String> names = names(theirs.resolve(stage.id()));
            assertThat(names(mine.resolve(stage.id()))).as("files in %s/", stage.id()).isEqualTo(names);
            for (String name : names) {
                byte[] a = Files.readAllBytes(mine.resolve(stage.id()).resolve(name));
                byte[] b = Files.readAllBytes(theirs.resolve(stage.id()).resolve(name));
                if (name.endsWith(".jpg")) {
                    assertThat(pixels(a)).as("pixels of %s/%s", stage.id(), name).isEqualTo(pixels(b));
                } else {
                    assertThat(a).as("%s/%s", stage.id(), name).isEqualTo(b);
                }
            }
        }
    }

    /**
     * What should not outlive a job: temporary files of atomic writes, detect work folders, the episode's lease and
     * its epoch tokens, and active entries in runtime.json. Empty when nothing is left.
     */
    static List<String> leftovers(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String name = p.getFileName().toString();
                if (AtomicFiles.isTemporary(p)) {
                    found.add("temporary file " + root.relativize(p));
                } else if (name.equals("work") && p.getParent().getFileName().toString().equals("detect")) {
                    found.add("detect work folder " + root.relativize(p));
                } else if (name.equals("lease.json") || name.startsWith(".lease-epoch-")) {
                    found.add("lease file " + root.relativize(p));
                }
            }
        }
        if (!JobStorage.onFiles(root).runtime().activeJobs(TortureEpisode.KEY).isEmpty()) {
            found.add("active jobs in runtime.json: " + JobStorage.onFiles(root).runtime()
                    .activeJobs(TortureEpisode.KEY));
        }
        return found;
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")).sorted().toList();
        }
    }

    private static byte[] pixels(byte[] jpeg) {
        try (Mat encoded = new Mat(1, jpeg.length, opencv_core.CV_8UC1)) {
            encoded.data().put(jpeg);
            try (Mat image = opencv_imgcodecs.imdecode(encoded, opencv_imgcodecs.IMREAD_COLOR)) {
                byte[] out = new byte[(int) (image.total() * image.channels())];
                image.data().get(out);
                return out;
            }
        }
    }
}
