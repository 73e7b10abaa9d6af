package dev.facereel.jobstore.postgres.testing;

import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Short episodes cut at test time from the shared synthetic episode with the ffmpeg that JavaCV ships: episode i
 * starts at {@code i × spacing} seconds and lasts {@code seconds}, re-encoded (MPEG-4 part 2, one thread, no
 * audio) so that every cut is frame-exact and the same on every run.
 */
public final class ShortEpisodes {
    private ShortEpisodes() {
    }

    public static List<Path> cut(Path dir, int count, double seconds, double spacing) throws IOException,
            InterruptedException {
        Path source = SharedAssets.media("episode_synth.mp4");
        String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path clip = dir.resolve(String.format(Locale.ROOT, "episode_%02d.mp4", i + 1));
            Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-threads", "1",
                    "-ss", String.format(Locale.ROOT, "%.3f", i * spacing), "-i", source.toString(),
                    "-t", String.format(Locale.ROOT, "%.3f", seconds), "-an", "-c:v", "mpeg4", "-q:v", "3",
                    "-threads", "1", clip.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(clip)) {
                throw new IOException("ffmpeg could not cut " + clip + ": " + output);
            }
            out.add(clip);
        }
        return out;
    }
}
