package dev.facereel.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * Runs an {@code ffmpeg} executable to make test videos at test time: the one JavaCV ships (FFmpeg 7.1, with
 * OpenH264 but no x264) or the system's, when it is on the {@code PATH} and has x264 (for H.264 with B-frames).
 */
public final class Ffmpeg {
    private final String executable;
    private final boolean x264;

    private Ffmpeg(String executable, boolean x264) {
        this.executable = executable;
        this.x264 = x264;
    }

    /** The ffmpeg inside the JavaCV jar, extracted by JavaCPP's loader. */
    public static Ffmpeg bundled() {
        String exe = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        return new Ffmpeg(exe, false);
    }

    /** The system's ffmpeg if it has libx264, otherwise the bundled one. */
    public static Ffmpeg withX264IfPresent() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "ffmpeg");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                try {
                    Ffmpeg system = new Ffmpeg(candidate.toString(), true);
                    if (system.output("-hide_banner", "-encoders").contains("libx264")) {
                        return system;
                    }
                } catch (IOException e) {
                    // not usable: fall back to the bundled one
                }
            }
        }
        return bundled();
    }

    /** Whether this ffmpeg can encode H.264 with B-frames (libx264). */
    public boolean hasX264() {
        return x264;
    }

    /**
     * Runs {@code ffmpeg -hide_banner -loglevel error -y <args>}.
     *
     * @throws IOException when it fails, with its output
     */
    public void run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable, "-hide_banner", "-loglevel", "error", "-y"));
        command.addAll(List.of(args));
        String out = exec(command);
        if (out != null) {
            throw new IOException("ffmpeg failed: " + String.join(" ", command) + "\n" + out);
        }
    }

    private String output(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable));
        command.addAll(List.of(args));
        Process p = start(command);
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Null on success, the output on failure. */
    private String exec(List<String> command) throws IOException {
        Process p = start(command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "timed out\n" + out;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        return p.exitValue() == 0 ? null : out;
    }

    private Process start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // the bundled executable finds its libraries beside it
        String dir = Path.of(executable).toAbsolutePath().getParent().toString();
        String lib = System.getenv("LD_LIBRARY_PATH");
        pb.environment().put("LD_LIBRARY_PATH", lib == null || lib.isEmpty() ? dir : dir + java.io.File.pathSeparator + lib);
        return pb.start();
    }
}
