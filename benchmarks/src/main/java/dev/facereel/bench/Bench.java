package dev.facereel.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import dev.facereel.core.Stage;

/**
 * The benchmark entry point. Prints one table of medians, each row against its bound where it has one, measured
 * side by side in the same run: DETECT throughput over a concatenation of the synthetic episode at every frame
 * against the inference-only bound, durability overhead (durable run against one on an in-memory root without
 * heartbeats), heartbeat write cost, dead detection, cancel latency, frames done twice after a random
 * {@code kill -9}, cluster scale, cold start, the peak heap over a 10x concatenation in a child JVM with
 * {@code -Xmx256m}, and where a frame's time goes. Options: {@code --shared DIR}, {@code --runs N} (5),
 * {@code --configs 2x1,1x2} (frames at once x intra-op threads; default 2x1), {@code --detectors scrfd,yunet} (the
 * detectors of the throughput rows, each against its own bound; default both), {@code --times N} (4),
 * {@code --bound-frames N} (1050), {@code --heap-runs N} (3), {@code --skip section,...} (throughput, durability,
 * process, cluster, heap, breakdown, hd), {@code --no-warmup}, and for the 10-minute 1080p episode through the
 * command line ({@link HdEpisode}, section {@code hd}) {@code --hd-runs N} (3), {@code --hd-detectors
 * scrfd,yunet} (scrfd) and {@code --hd-seconds N} (600: the whole episode; less runs its first N seconds).
 */
public final class Bench {
    private static final double THROUGHPUT_GOAL = 0.90;
    private static final double DURABILITY_GOAL = 0.99;
    private static final double SEED_DEAD_BOUND_MS = 30_000;
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final long HEAP_GOAL = 256L << 20;
    /** Growth of the live set over a whole run below which it counts as flat. */
    private static final long FLAT_GOAL = 4L << 20;
    private static final long SEED = 20261122L;
    private static final List<String> SECTIONS = List.of("throughput", "durability", "process", "cluster", "heap",
            "breakdown", "hd");
    /** Real-time factor goal of the 1080p episode with YuNet, on 2 cores. */
    private static final double HD_YUNET_GOAL = 10;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String shared = null;
        int runs = 5;
        int heapRuns = 3;
        int times = 4;
        int boundFrames = 1050;
        List<int[]> configs = List.of(new int[] {2, 1});
        List<DetectorModel> detectors = List.of(DetectorModel.SCRFD, DetectorModel.YUNET);
        Set<String> skip = new HashSet<>();
        boolean heapChild = false;
        boolean warmUp = true;
        int hdRuns = 3;
        int hdSeconds = (int) HdEpisode.SECONDS;
        List<String> hdDetectors = List.of("scrfd");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shared" -> shared = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--heap-runs" -> heapRuns = Integer.parseInt(args[++i]);
                case "--times" -> times = Integer.parseInt(args[++i]);
                case "--bound-frames" -> boundFrames = Integer.parseInt(args[++i]);
                case "--configs" -> configs = Arrays.stream(args[++i].split(","))
                        .map(c -> Arrays.stream(c.split("x")).mapToInt(Integer::parseInt).toArray()).toList();
                case "--detectors" -> detectors = Arrays.stream(args[++i].split(",")).map(DetectorModel::of).toList();
                case "--skip" -> skip.addAll(List.of(args[++i].split(",")));
                case "--heap-child" -> heapChild = true;
                case "--no-warmup" -> warmUp = false;
                case "--hd-runs" -> hdRuns = Integer.parseInt(args[++i]);
                case "--hd-seconds" -> hdSeconds = Integer.parseInt(args[++i]);
                case "--hd-detectors" -> hdDetectors = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; known: --shared DIR"
                        + " --runs N --configs 2x1,1x2 --detectors scrfd,yunet --times N --bound-frames N --heap-runs N"
                        + " --skip " + String.join(",", SECTIONS)
                        + " --no-warmup --hd-runs N --hd-detectors scrfd,yunet --hd-seconds N");
            }
        }
        if (!SECTIONS.containsAll(skip)) {
            throw new IllegalArgumentException("--skip takes " + SECTIONS + ", got " + skip);
        }
        Assets assets = Assets.locate(shared);
        if (heapChild) {
            heapChild(assets, heapRuns);
            return;
        }
        System.out.println(machine());
        Table table = new Table();
        Path work = Files.createTempDirectory("facereel-bench");
        try {
            if (!skip.contains("throughput")) {
                Path video = times == 1 ? assets.episode() : HeapRun.concatenate(assets.episode(), times, work);
                for (DetectorModel d : detectors) {
                    for (int[] c : configs) {
                        throughput(assets, video, times, DetectRun.Setup.of(c[0], c[1], 25).with(d), runs, boundFrames,
                                warmUp, table);
                    }
                }
            }
            if (!skip.contains("durability")) {
                durability(assets, work, runs, table);
            }
            if (!skip.contains("process")) {
                processes(assets, work, runs, table);
            }
            if (!skip.contains("cluster")) {
                cluster(runs, table);
            }
            if (!skip.contains("heap")) {
                heapInChild(assets, heapRuns, table);
            }
            if (!skip.contains("hd")) {
                for (String detector : hdDetectors) {
                    hd(assets, work, detector, hdRuns, hdSeconds, table);
                }
            }
            if (!skip.contains("breakdown")) {
                Breakdown.run(assets, 1);
                for (Map.Entry<String, Double> e : Breakdown.run(assets, 1).entrySet()) {
                    table.row("  breakdown ms/frame " + e.getKey() + ", one thread", Stats.Summary.of(
                            new double[] {e.getValue()}), "%.2f", "", "", "");
                }
            }
        } finally {
            DetectRun.deleteTree(work);
        }
        System.out.println();
        System.out.println(machine());
        table.print();
    }

    private static void throughput(Assets assets, Path video, int times, DetectRun.Setup setup, int runs,
            int boundFrames, boolean warmUp, Table table) throws Exception {
        String tag = setup.tag();
        log("%s: warming up on the episode", tag);
        DetectRun.Result warm = warmUp ? DetectRun.run(assets, assets.episode(), setup, null)
                : new DetectRun.Result(1, 1, 1, 50, 50);
        double[] pipeline = new double[runs];
        double[] bound = new double[runs];
        double[] ratio = new double[runs];
        double[] ratioCpu = new double[runs];
        double[] detMs = new double[runs];
        double[] embMs = new double[runs];
        double facesPerFrame = warm.facesPerFrame();
        String detector = setup.detector().label();
        try (InferenceBound b = new InferenceBound(assets, setup.detector(), setup.threads())) {
            b.run(Math.min(200, boundFrames), facesPerFrame, setup.parallelism());
            for (int r = 0; r < runs; r++) {
                DetectRun.Result p = DetectRun.run(assets, video, setup, null);
                InferenceBound.Result i = b.run((int) Math.min(boundFrames, p.frames()), p.facesPerFrame(),
                        setup.parallelism());
                facesPerFrame = p.facesPerFrame();
                pipeline[r] = p.framesPerSecond();
                bound[r] = i.framesPerSecond();
                ratio[r] = pipeline[r] / bound[r];
                ratioCpu[r] = p.framesPerCpuSecond() / i.framesPerCpuSecond();
                detMs[r] = i.detectorMs();
                embMs[r] = i.embedderMs();
                log("%s run %d: pipeline %.1f fps (%d frames, %.3f faces/frame), bound %.1f fps (%s %.2f ms,"
                        + " mobilefacenet %.2f ms), ratio %.3f; per CPU second ratio %.3f", tag, r + 1, pipeline[r],
                        p.frames(), p.facesPerFrame(), bound[r], detector, i.detectorMs(), i.embedderMs(), ratio[r],
                        ratioCpu[r]);
            }
        }
        table.ratioRow("detect fps, " + times + "x episode every frame, " + tag, pipeline, "%.1f", bound, ratio,
                "≥ " + THROUGHPUT_GOAL);
        table.row("  same, frames per CPU second: ratio to the bound's", Stats.Summary.of(ratioCpu), "%.3f", "", "",
                "");
        table.row("  inference-only bound fps, " + tag, Stats.Summary.of(bound), "%.1f", "", "",
                String.format(Locale.ROOT, "%.3f faces/frame", facesPerFrame));
        table.row("  " + detector + " 640x384 session.run ms, " + tag, Stats.Summary.of(detMs), "%.2f", "", "", "");
        table.row("  mobilefacenet session.run ms, " + tag, Stats.Summary.of(embMs), "%.2f", "", "", "");
    }

    /** Durable (disk root, heartbeat and checkpoint every second) against bypassed (Jimfs root, no heartbeat). */
    private static void durability(Assets assets, Path work, int runs, Table table) throws Exception {
        int parallelism = Runtime.getRuntime().availableProcessors();
        DetectRun.Setup durable = new DetectRun.Setup(parallelism, 1, 25, HEARTBEAT, false);
        DetectRun.Setup bypassed = new DetectRun.Setup(parallelism, 1, 25, Duration.ofHours(1), true);
        DetectRun.run(assets, assets.episode(), bypassed, null);
        double[] on = new double[runs];
        double[] off = new double[runs];
        double[] ratio = new double[runs];
        double[] ratioCpu = new double[runs];
        for (int r = 0; r < runs; r++) {
            // Alternate which goes first, so a drift in machine load hits both alike.
            boolean durableFirst = r % 2 == 0;
            DetectRun.Result first = DetectRun.run(assets, assets.episode(), durableFirst ? durable : bypassed, null);
            DetectRun.Result second = DetectRun.run(assets, assets.episode(), durableFirst ? bypassed : durable, null);
            DetectRun.Result durableRun = durableFirst ? first : second;
            DetectRun.Result bypassedRun = durableFirst ? second : first;
            on[r] = durableRun.framesPerSecond();
            off[r] = bypassedRun.framesPerSecond();
            ratio[r] = on[r] / off[r];
            ratioCpu[r] = durableRun.framesPerCpuSecond() / bypassedRun.framesPerCpuSecond();
            log("durability run %d: durable %.1f fps, bypassed %.1f fps, ratio %.3f; per CPU second %.3f", r + 1,
                    on[r], off[r], ratio[r], ratioCpu[r]);
        }
        table.ratioRow("detect fps, heartbeat+checkpoint 1 s, disk (bound: Jimfs, no heartbeat)", on, "%.1f", off,
                ratio, "≥ " + DURABILITY_GOAL);
        table.row("  same, frames per CPU second: ratio to the bypassed run's", Stats.Summary.of(ratioCpu), "%.3f", "",
                "", "");
        table.row("heartbeat write µs, real file system (" + Files.getFileStore(work).type() + ")",
                Stats.Summary.of(Durability.heartbeatMicros(work.resolve("heartbeat"), runs)), "%.0f", "", "",
                "report");
        table.row("heartbeat write µs, Jimfs", Stats.Summary.of(Durability.heartbeatMicrosInMemory(runs)), "%.0f", "",
                "", "report");
        double[] dead = Durability.killToDeadMillis(work.resolve("kill"), runs);
        table.ratioRow("dead detection ms, kill -9 → status dead (bound: 30 s)", dead, "%.1f",
                constant(runs, SEED_DEAD_BOUND_MS), divide(dead, SEED_DEAD_BOUND_MS), "< 1000 ms");
    }

    private static void processes(Assets assets, Path work, int runs, Table table) throws Exception {
        log("cold start: %d worker JVMs", runs);
        table.row("cold start s, JVM start → first frame detected", Stats.Summary.of(
                ProcessRows.coldStartSeconds(assets, work, runs)), "%.2f", "", "", "report");
        log("cancel latency: %d workers with a %d ms heartbeat", runs, HEARTBEAT.toMillis());
        double[] cancel = ProcessRows.cancelMillis(assets, work, runs, HEARTBEAT);
        table.ratioRow("cancel latency ms, cancel → worker exited (bound: heartbeat)", cancel, "%.0f",
                constant(runs, HEARTBEAT.toMillis()), divide(cancel, HEARTBEAT.toMillis()), "≤ 1 interval");
        log("resume waste: %d workers killed at a random moment (seed %d), resumed here", runs, SEED);
        ProcessRows.Resume[] resumes = ProcessRows.killAndResume(assets, work, runs, HEARTBEAT, SEED);
        double[] twice = new double[runs];
        double[] interval = new double[runs];
        double[] ratio = new double[runs];
        for (int r = 0; r < runs; r++) {
            twice[r] = resumes[r].processedTwice();
            interval[r] = resumes[r].framesPerSecond() * HEARTBEAT.toMillis() / 1000.0;
            ratio[r] = twice[r] / interval[r];
            log("resume run %d: killed after %d calls, resumed with %d, %d frames: %d done twice; interval %.1f"
                    + " frames", r + 1, resumes[r].killedCalls(), resumes[r].resumedCalls(), resumes[r].frames(),
                    resumes[r].processedTwice(), interval[r]);
        }
        table.ratioRow("resume waste frames after kill -9 (bound: frames per checkpoint)", twice, "%.0f", interval,
                ratio, "≤ 1 interval");
    }

    private static void cluster(int runs, Table table) {
        int[] sizes = {1_000, 10_000, 100_000};
        double[] medians = new double[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            List<dev.facereel.core.internal.stage.track.Track> tracks = ClusterScale.tracks(sizes[s], SEED + s);
            int n = sizes[s] >= 100_000 ? Math.min(runs, 3) : runs;
            double[] seconds = new double[n];
            ClusterScale.Result last = null;
            for (int r = 0; r < n; r++) {
                last = ClusterScale.run(tracks);
                seconds[r] = last.seconds();
                log("cluster %d tracks run %d: %.2f s, %d identities, purity %.4f", sizes[s], r + 1, seconds[r],
                        last.identities(), last.purity());
            }
            Stats.Summary summary = Stats.Summary.of(seconds);
            medians[s] = summary.median();
            table.row(String.format(Locale.ROOT, "cluster s, %,d tracks around %d centres", sizes[s],
                    ClusterScale.CENTRES), summary, "%.2f", "", "", String.format(Locale.ROOT,
                    "%d identities, purity %.4f%s", last.identities(), last.purity(),
                    sizes[s] == 100_000 ? (summary.median() < 30 ? "; < 30 s ok" : "; < 30 s MISSED") : ""));
        }
        table.note(String.format(Locale.ROOT, "cluster growth: time ∝ n^%.2f from 1k to 10k, n^%.2f from 10k to 100k",
                Math.log(medians[1] / medians[0]) / Math.log(10), Math.log(medians[2] / medians[1]) / Math.log(10)));
    }

    /** The model file of a detector the 1080p row can use. */
    private static HdEpisode.Detector hdDetector(Assets assets, String name) {
        return switch (name) {
            case "scrfd" -> new HdEpisode.Detector(name, assets.model(DetectorModel.SCRFD));
            case "yunet" -> new HdEpisode.Detector(name, assets.model(DetectorModel.YUNET));
            default -> throw new IllegalArgumentException("--hd-detectors takes scrfd or yunet, got " + name);
        };
    }

    /**
     * The 10-minute 1080p episode through {@code facereel analyze} (every stage, the default 5 samples a second),
     * against decoding alone plus inference alone for the same frames, each run followed by its bound.
     */
    private static void hd(Assets assets, Path work, String detectorName, int runs, int seconds, Table table)
            throws Exception {
        HdEpisode.Detector detector = hdDetector(assets, detectorName);
        Path jar = Path.of("examples", "target", "facereel.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("missing " + jar + "; ./bench builds it (mvn -pl benchmarks,examples -am"
                    + " package)");
        }
        StringBuilder label = new StringBuilder();
        Path video = HdEpisode.video(Path.of("benchmarks", "target", "bench-media").toAbsolutePath(), assets, label,
                seconds);
        int parallelism = Runtime.getRuntime().availableProcessors();
        double sampleFps = 5;
        int side = 640;
        double[] wall = new double[runs];
        double[] boundSeconds = new double[runs];
        double[] ratio = new double[runs];
        double[] rtf = new double[runs];
        double[] boundRtf = new double[runs];
        double[] decodeSeconds = new double[runs];
        double[] decodeOneThread = new double[runs];
        double[] inferSeconds = new double[runs];
        double[] peak = new double[runs];
        double[] live = new double[runs];
        double[] slope = new double[runs];
        Map<Stage, double[]> stages = new java.util.LinkedHashMap<>();
        HdEpisode.Decode decode = null;
        HdEpisode.Run run = null;
        try (InferenceBound bound = new InferenceBound(assets,
                DetectorModel.valueOf(detectorName.toUpperCase(java.util.Locale.ROOT)), 1)) {
            for (int r = 0; r < runs; r++) {
                Path root = work.resolve("hd-" + detectorName + "-" + r);
                log("1080p episode, %s + arcface, run %d: facereel analyze (every stage) in a child JVM", detectorName,
                        r + 1);
                run = HdEpisode.cli(jar, assets, video, detector, root);
                DetectRun.deleteTree(root);
                decode = HdEpisode.decodeAlone(video, sampleFps, side, 0);
                HdEpisode.Decode oneThread = HdEpisode.decodeAlone(video, sampleFps, side, 1);
                decodeOneThread[r] = oneThread.seconds();
                double facesPerFrame = (double) run.faces() / run.frames();
                int boundFrames = (int) Math.min(600, run.frames());
                InferenceBound.Result inference = bound.run(boundFrames, facesPerFrame, parallelism);
                wall[r] = run.wallSeconds();
                decodeSeconds[r] = decode.seconds();
                inferSeconds[r] = run.frames() / inference.framesPerSecond();
                boundSeconds[r] = decodeSeconds[r] + inferSeconds[r];
                ratio[r] = boundSeconds[r] / wall[r];
                rtf[r] = seconds / wall[r];
                boundRtf[r] = seconds / boundSeconds[r];
                peak[r] = run.peakHeapBytes() / 1048576.0;
                live[r] = run.maxLiveBytes() / 1048576.0;
                slope[r] = run.liveSlopeBytesPerMinute() / 1048576.0;
                for (Map.Entry<Stage, Double> e : run.stageSeconds().entrySet()) {
                    stages.computeIfAbsent(e.getKey(), k -> new double[runs])[r] = e.getValue();
                }
                log("1080p %s run %d: wall %.1f s (%.2fx real time), %d frames, %.3f faces/frame; bound %.1f s ="
                        + " decode %.1f s (%d sampled, %d decoded, %d threads) + inference %.1f s; stages %s;"
                        + " heap peak %.0f MB, live %.1f MB (%d samples, slope %.2f MB/min)", detectorName, r + 1,
                        wall[r], rtf[r], run.frames(), facesPerFrame, boundSeconds[r], decodeSeconds[r],
                        decode.sampled(), decode.decoded(), decode.threads(), inferSeconds[r], run.stageSeconds(),
                        peak[r], live[r], run.liveSamples(), slope[r]);
            }
        }
        String tag = "1080p " + (seconds == HdEpisode.SECONDS ? "10-min" : seconds + "-s") + " episode, " + detectorName + " + arcface, CLI all stages";
        Stats.Summary w = Stats.Summary.of(wall);
        Stats.Summary q = Stats.Summary.of(ratio);
        table.row(tag + ": wall s (bound: decode + inference alone)", w, "%.1f",
                fmt("%.1f", Stats.Summary.of(boundSeconds).median()),
                fmt("%.3f", q.median()) + " [" + fmt("%.3f", q.min()) + "–" + fmt("%.3f", q.max()) + "]", "report; " + label);
        Stats.Summary x = Stats.Summary.of(rtf);
        String goal = detectorName.equals("yunet") ? "≥ " + HD_YUNET_GOAL + "x" + (x.median() >= HD_YUNET_GOAL ? " ok" : " MISSED")
                : "report";
        table.row("  real-time factor, video s / wall s", x, "%.2f", fmt("%.2f", Stats.Summary.of(boundRtf).median()),
                "", goal);
        table.row("  decode alone s, " + decode.sampled() + " sampled frames (" + decode.decoded() + " of "
                + seconds * 25L + " decoded, " + decode.threads() + " threads, scaled to " + side
                + ")", Stats.Summary.of(decodeSeconds), "%.1f", "", "", "");
        table.row("  same, 1 decoding thread", Stats.Summary.of(decodeOneThread), "%.1f", "", "", "");
        table.row("  inference alone s, " + run.frames() + " frames, parallelism=" + parallelism,
                Stats.Summary.of(inferSeconds), "%.1f", "", "", "");
        for (Map.Entry<Stage, double[]> e : stages.entrySet()) {
            table.row("  stage " + e.getKey().id() + " s", Stats.Summary.of(e.getValue()), "%.1f", "", "", "");
        }
        Stats.Summary p = Stats.Summary.of(peak);
        table.row("  peak heap MB, -Xmx256m", p, "%.1f", "256", fmt("%.3f", p.median() / 256),
                "< 256 MB" + (p.max() < HEAP_GOAL / 1048576.0 ? " ok" : " MISSED"));
        table.row("  max live heap after a full GC MB", Stats.Summary.of(live), "%.1f", "", "", "");
        Stats.Summary sl = Stats.Summary.of(slope);
        double growth = sl.median() * w.median() / 60;
        // Not growing is what counts: the live set falls once detect ends and the later stages hold less.
        table.row("  live-heap slope MB/min of the run", sl, "%.2f", "", "", String.format(Locale.ROOT,
                "flat: %.2f MB over the run%s", growth, growth < FLAT_GOAL / 1048576.0 ? " ok" : " MISSED"));
    }

    private static double[] constant(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }

    private static double[] divide(double[] values, double by) {
        return Arrays.stream(values).map(v -> v / by).toArray();
    }

    private static void heapChild(Assets assets, int runs) throws Exception {
        Path dir = Files.createTempDirectory("facereel-bench-x10");
        try {
            Path video = HeapRun.concatenate(assets.episode(), 10, dir);
            System.out.printf(Locale.ROOT, "HEAPMAX\t%d%n", Runtime.getRuntime().maxMemory());
            for (int r = 0; r < runs; r++) {
                HeapRun.Result h = HeapRun.run(assets, video, 5);
                System.out.printf(Locale.ROOT, "HEAPRUN\t%d\t%d\t%.1f\t%d\t%d\t%.2f\t%d%n", h.peakBytes(),
                        h.maxLiveBytes(), h.slopeBytesPer1000Frames(), h.samples(), h.frames(), h.framesPerSecond(),
                        h.peakRssKb());
                System.out.flush();
            }
        } finally {
            DetectRun.deleteTree(dir);
        }
    }

    private static void heapInChild(Assets assets, int runs, Table table) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Bench.class.getName(), "--heap-child", "--shared", assets.root().toString(), "--heap-runs",
                Integer.toString(runs));
        log("10x episode, sampleFps 5, %d run(s) in a child JVM: -Xmx256m", runs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<long[]> rows = new ArrayList<>();
        List<double[]> rowsD = new ArrayList<>();
        long max = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split("\t");
                if (f[0].equals("HEAPMAX")) {
                    max = Long.parseLong(f[1]);
                } else if (f[0].equals("HEAPRUN")) {
                    rows.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[4]),
                            Long.parseLong(f[5]), Long.parseLong(f[7])});
                    rowsD.add(new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[6])});
                    log("10x run %d: peak heap %.1f MB, max live %.1f MB, live slope %.1f KB/1000 frames (%s samples,"
                            + " %s frames, %s fps), peak RSS %.0f MB", rows.size(), Long.parseLong(f[1]) / 1048576.0,
                            Long.parseLong(f[2]) / 1048576.0, Double.parseDouble(f[3]) / 1024, f[4], f[5], f[6],
                            Long.parseLong(f[7]) / 1024.0);
                } else {
                    System.err.println("[heap child] " + line);
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || rows.isEmpty()) {
            table.row("10x peak heap (-Xmx256m)", new Stats.Summary(Double.NaN, Double.NaN, Double.NaN, 0), "%.1f",
                    "256", "", "FAILED: child exit " + exit + " (OutOfMemoryError?)");
            return;
        }
        Stats.Summary peak = Stats.Summary.of(rows.stream().mapToDouble(r -> r[0] / 1048576.0).toArray());
        Stats.Summary live = Stats.Summary.of(rows.stream().mapToDouble(r -> r[1] / 1048576.0).toArray());
        Stats.Summary slope = Stats.Summary.of(rowsD.stream().mapToDouble(r -> r[0] / 1024).toArray());
        Stats.Summary fps = Stats.Summary.of(rowsD.stream().mapToDouble(r -> r[1]).toArray());
        Stats.Summary rss = Stats.Summary.of(rows.stream().mapToDouble(r -> r[4] / 1024.0).toArray());
        long frames = rows.get(0)[3];
        double growthMb = slope.median() * frames / 1000 / 1024;
        table.row("10x peak heap MB, sampleFps 5, -Xmx256m", peak, "%.1f", "256",
                fmt("%.3f", peak.median() / 256), "< 256 MB" + (peak.max() < HEAP_GOAL / 1048576.0 ? " ok" : " MISSED"));
        table.row("10x max live heap after GC MB", live, "%.1f", "", "", "");
        table.row("10x live-heap slope KB/1000 analysed frames", slope, "%.1f", "", "",
                String.format(Locale.ROOT, "flat: %.2f MB over %d frames%s", growthMb, frames,
                        Math.abs(growthMb) < FLAT_GOAL / 1048576.0 ? " ok" : " MISSED"));
        table.row("10x detect fps (sampleFps 5, GC every " + HeapRun.GC_EVERY + ")", fps, "%.1f", "", "", "");
        table.row("10x peak RSS MB (process, native included)", rss, "%.0f", "", "", "");
        table.note("heap child: max heap " + max / 1048576 + " MB");
    }

    static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (Exception ignored) {
            // not Linux
        }
        return String.format(Locale.ROOT, "machine: %d cores (%s), %s %s; JDK %s (%s); %s",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }

    /** The result table: row, median [min–max, n], bound, ratio, goal. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        void row(String name, Stats.Summary s, String f, String bound, String ratio, String goal) {
            String value = s.n() <= 1 ? fmt(f, s.median())
                    : fmt(f, s.median()) + " [" + fmt(f, s.min()) + "–" + fmt(f, s.max()) + ", n=" + s.n() + "]";
            rows.add(new String[] {name, value, bound, ratio, goal});
        }

        /** A row with its bound and the ratio, median of each over the runs; the goal judged on the median. */
        void ratioRow(String name, double[] values, String f, double[] bound, double[] ratio, String goal) {
            Stats.Summary r = Stats.Summary.of(ratio);
            boolean ok = switch (goal) {
                case "< 1000 ms" -> Stats.Summary.of(values).median() < 1000;
                case "≤ 1 interval" -> r.median() <= 1;
                default -> r.median() >= Double.parseDouble(goal.substring(2));
            };
            row(name, Stats.Summary.of(values), f, fmt(f, Stats.Summary.of(bound).median()), fmt("%.3f", r.median())
                    + " [" + fmt("%.3f", r.min()) + "–" + fmt("%.3f", r.max()) + "]", goal + (ok ? " ok" : " MISSED"));
        }

        void note(String text) {
            notes.add(text);
        }

        void print() {
            String[] header = {"row", "value (median [min–max, n])", "bound", "ratio", "goal"};
            int[] w = new int[header.length];
            for (int c = 0; c < w.length; c++) {
                w[c] = header[c].length();
                for (String[] r : rows) {
                    w[c] = Math.max(w[c], r[c].length());
                }
            }
            printRow(header, w);
            StringBuilder rule = new StringBuilder();
            for (int c = 0; c < w.length; c++) {
                rule.append("-".repeat(w[c])).append(c < w.length - 1 ? "-+-" : "");
            }
            System.out.println(rule);
            for (String[] r : rows) {
                printRow(r, w);
            }
            notes.forEach(System.out::println);
        }

        private static void printRow(String[] r, int[] w) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                sb.append(String.format(Locale.ROOT, "%-" + w[c] + "s", r[c])).append(c < r.length - 1 ? " | " : "");
            }
            System.out.println(sb.toString().stripTrailing());
        }
    }
}
