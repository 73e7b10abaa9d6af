package dev.facereel.bench;

import dev.facereel.core.Stage;
import dev.facereel.core.internal.video.VideoDecoder;
import dev.facereel.core.internal.video.VideoFrame;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.JobId;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.StageState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A 10-minute 1080p H.264 episode with B-frames, analysed end to end (every stage) through the command line (the
 * examples jar, {@code facereel analyze}) in a child JVM with {@code -Xmx256m}, against its bound: decoding alone
 * (the same decoder, the same sampled frames and analysis scaling) plus inference alone for the same frames.
 *
 * <p>The video is made once from the synthetic episode: its first 40 s (1000 frames) scaled to 1920x1080 and encoded
 * with x264 {@code veryfast} (3 B-frames, B-pyramid, GOP 250), then 15 copies end to end by stream copy, 600 s; kept
 * under {@code benchmarks/target/bench-media/}. It
 * needs an ffmpeg with libx264 on the {@code PATH}; the one JavaCV ships has no H.264 encoder that writes B-frames,
 * so without it the video is MPEG-4 Part 2 with 2 B-frames, and the row says so.
 *
 * <p>Heap: the child writes a GC log ({@code -Xlog:gc}); every {@link #LIVE_EVERY} the bench asks it for a full
 * collection ({@code jcmd <pid> GC.run}), whose "after" figure is the live set. The peak is the largest "before"
 * figure of any collection.
 */
final class HdEpisode {
    static final double SECONDS = 600;
    private static final int LOOP_FRAMES = 1000;
    private static final int LOOPS = 15;
    private static final Duration LIVE_EVERY = Duration.ofSeconds(10);
    private static final Pattern GC = Pattern.compile("Pause (Young|Full|Remark|Cleanup)[^\\n]*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    /** A detector and its model file, as the command line takes them. */
    record Detector(String name, Path model) {
    }

    /** One end-to-end run. */
    record Run(double wallSeconds, long frames, long faces, Map<Stage, Double> stageSeconds, long peakHeapBytes,
               long maxLiveBytes, double liveSlopeBytesPerMinute, int liveSamples) {
    }

    /** Decoding alone: seconds for the sampled frames, and how many frames the decoder produced. */
    record Decode(double seconds, long sampled, long decoded, int threads) {
    }

    private HdEpisode() {
    }

    /**
     * The first {@code seconds} of the cached 1080p video (all of it at {@value #SECONDS}), cut by stream copy and
     * cached too: for a shorter run on a busy machine.
     */
    static Path video(Path cacheDir, Assets assets, StringBuilder label, int seconds)
            throws IOException, InterruptedException {
        Path whole = video(cacheDir, assets, label);
        if (seconds >= SECONDS) {
            return whole;
        }
        Path cut = cacheDir.resolve(whole.getFileName().toString().replace("_600s_", "_" + seconds + "s_"));
        if (!Files.isRegularFile(cut)) {
            Path partial = cacheDir.resolve(cut.getFileName() + ".partial.mp4");
            String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
            ffmpeg(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-i", whole.toString(), "-t",
                    Integer.toString(seconds), "-c", "copy", partial.toString()));
            Files.move(partial, cut);
        }
        label.append(", first ").append(seconds).append(" s");
        return cut;
    }

    /** The cached 1080p video, made when missing; and a label saying what it is. */
    static Path video(Path cacheDir, Assets assets, StringBuilder label) throws IOException, InterruptedException {
        Files.createDirectories(cacheDir);
        String x264 = systemFfmpegWithX264();
        String kind = x264 != null ? "h264" : "mpeg4";
        Path out = cacheDir.resolve("episode_1080p_600s_" + kind + ".mp4");
        label.append(x264 != null ? "H.264 x264 veryfast, 3 B-frames" : "MPEG-4 Part 2, 2 B-frames (no x264 here)");
        if (Files.isRegularFile(out)) {
            return out;
        }
        String ffmpeg = x264 != null ? x264 : org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        // One 40-second loop (1000 frames: every cut of the episode but its last shot), encoded once...
        Path loop = cacheDir.resolve("loop_1080p_40s_" + kind + ".mp4");
        List<String> encode = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-i",
                assets.episode().toString(), "-frames:v", Integer.toString(LOOP_FRAMES), "-an", "-vf",
                "scale=1920:1080"));
        encode.addAll(x264 != null ? List.of("-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-g", "250")
                : List.of("-c:v", "mpeg4", "-q:v", "4", "-bf", "2", "-g", "250"));
        encode.add(loop.toString());
        Bench.log("making %s (once; a minute or two)", out);
        ffmpeg(encode);
        // ...then 15 of them end to end, copied: 600 s, the same coding structure throughout.
        Path list = cacheDir.resolve("loops.txt");
        Files.writeString(list, ("file '" + loop.getFileName() + "'\n").repeat(LOOPS));
        Path partial = cacheDir.resolve(out.getFileName() + ".partial.mp4");
        ffmpeg(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0", "-i",
                list.toString(), "-c", "copy", partial.toString()));
        Files.move(partial, out);
        Files.delete(loop);
        Files.delete(list);
        return out;
    }

    private static void ffmpeg(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + String.join(" ", cmd) + "\n" + output);
        }
    }

    private static String systemFfmpegWithX264() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "ffmpeg");
            if (dir.isEmpty() || !Files.isExecutable(candidate)) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(candidate.toString(), "-hide_banner", "-encoders")
                        .redirectErrorStream(true).start();
                String encoders = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                if (encoders.contains("libx264")) {
                    return candidate.toString();
                }
            } catch (IOException | InterruptedException e) {
                // try the next one
            }
        }
        return null;
    }

    /**
     * Decodes the sampled frames as detect does (scaled for a detector of input side {@code side}), nothing else;
     * {@code threads} 0 chooses as detect does.
     */
    static Decode decodeAlone(Path video, double sampleFps, int side, int threads) {
        long t0 = System.nanoTime();
        long sampled = 0;
        try (VideoDecoder decoder = VideoDecoder.open(video, threads)) {
            Iterator<VideoFrame> frames = decoder.frames(sampleFps, 0, side);
            while (frames.hasNext()) {
                frames.next();
                sampled++;
            }
            return new Decode((System.nanoTime() - t0) / 1e9, sampled, decoder.framesDecoded(), decoder.threads());
        }
    }

    /** {@code facereel analyze} over the video, every stage, in a child JVM with {@code -Xmx256m}. */
    static Run cli(Path jar, Assets assets, Path video, Detector detector, Path root) throws Exception {
        Path gcLog = root.resolveSibling(root.getFileName() + "-gc.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx256m", "-Xlog:gc:file=" + gcLog, "-jar", jar.toString(), "analyze",
                video.toString(), "--episode", "bench_hd", "--data", root.toString(), "--detector", detector.name(),
                "--detector-model", detector.model().toString(), "--embedder", "arcface", "--embedder-model",
                assets.embedderModel().toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread gcs = new Thread(() -> askForFullCollections(p), "bench-gc-run");
        gcs.setDaemon(true);
        gcs.start();
        List<String> tail = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                tail.add(line);
                if (tail.size() > 30) {
                    tail.remove(0);
                }
            }
        }
        int exit = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        gcs.interrupt();
        if (exit != 0) {
            throw new IllegalStateException("facereel analyze exited " + exit + ":\n" + String.join("\n", tail));
        }
        String job = onlyJob(root);
        long[] counts = DetectRun.count(root, job);
        JobEnvelope envelope = JobStorage.onFiles(root).jobs().find(JobId.of(job)).orElseThrow();
        Map<Stage, Double> stages = new java.util.LinkedHashMap<>();
        for (Stage s : Stage.values()) {
            envelope.stage(s).filter(st -> st.startedAt() != null && st.updatedAt() != null).ifPresent(st ->
                    stages.put(s, Duration.between(st.startedAt(), st.updatedAt()).toMillis() / 1000.0));
        }
        return heap(gcLog, wall, counts, stages);
    }

    private static void askForFullCollections(Process p) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            while (p.isAlive()) {
                Thread.sleep(LIVE_EVERY.toMillis());
                new ProcessBuilder(jcmd, Long.toString(p.pid()), "GC.run").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            Bench.log("jcmd GC.run failed: %s", e);
        }
    }

    private static Run heap(Path gcLog, double wall, long[] counts, Map<Stage, Double> stages) throws IOException {
        long peak = 0;
        List<double[]> live = new ArrayList<>();
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC.matcher(line);
            if (!m.find()) {
                continue;
            }
            long before = bytes(m.group(2), m.group(3));
            long after = bytes(m.group(4), m.group(5));
            peak = Math.max(peak, before);
            if (m.group(1).equals("Full") && (line.contains("Diagnostic Command") || line.contains("System.gc()"))) {
                live.add(new double[] {uptimeSeconds(line), after});
            }
        }
        long maxLive = (long) live.stream().mapToDouble(l -> l[1]).max().orElse(0);
        double slope = live.size() < 2 ? 0 : Stats.slope(live.stream().mapToDouble(l -> l[0] / 60).toArray(),
                live.stream().mapToDouble(l -> l[1]).toArray());
        return new Run(wall, counts[0], counts[1], stages, peak, maxLive, slope, live.size());
    }

    private static double uptimeSeconds(String line) {
        Matcher m = Pattern.compile("^\\[([0-9.]+)s\\]").matcher(line);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long bytes(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit) {
            case "K" -> v << 10;
            case "M" -> v << 20;
            default -> v << 30;
        };
    }

    private static String onlyJob(Path root) throws IOException {
        try (Stream<Path> jobs = Files.list(root.resolve("jobs"))) {
            List<Path> all = jobs.filter(Files::isDirectory).toList();
            if (all.size() != 1) {
                throw new IllegalStateException("expected one job under " + root + ", found " + all);
            }
            return all.get(0).getFileName().toString();
        }
    }
}
