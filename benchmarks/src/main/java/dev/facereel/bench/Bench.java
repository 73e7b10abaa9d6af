package dev.facereel.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark entry point: DETECT throughput over the synthetic episode at every frame against the
 * inference-only bound (threads 1 and 2), a breakdown of where a frame's time goes, and the peak heap of a
 * DETECT job over a 10x concatenation of the episode in a child JVM with {@code -Xmx256m}. Prints one table of
 * medians. Options: {@code --shared DIR}, {@code --runs N} (5), {@code --heap-runs N} (3), {@code --threads 1,2},
 * {@code --no-heap}, {@code --no-breakdown}, {@code --no-warmup} (skips the discarded pipeline run; each measured
 * run opens fresh sessions anyway).
 */
public final class Bench {
    private static final double RATIO_GOAL = 0.85;
    private static final long HEAP_GOAL = 256L << 20;
    /** Growth of the live set over a whole run below which it counts as flat. */
    private static final long FLAT_GOAL = 4L << 20;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String shared = null;
        int runs = 5;
        int heapRuns = 3;
        int[] threads = {1, 2};
        boolean heap = true;
        boolean breakdown = true;
        boolean heapChild = false;
        boolean warmUp = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shared" -> shared = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--heap-runs" -> heapRuns = Integer.parseInt(args[++i]);
                case "--threads" -> threads = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                case "--no-heap" -> heap = false;
                case "--no-breakdown" -> breakdown = false;
                case "--heap-child" -> heapChild = true;
                case "--no-warmup" -> warmUp = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; known: --shared DIR --runs N --heap-runs N --threads 1,2 --no-heap --no-breakdown --no-warmup");
            }
        }
        Assets assets = Assets.locate(shared);
        if (heapChild) {
            heapChild(assets, heapRuns);
            return;
        }
        System.out.println(machine());
        Table table = new Table();
        Path episode = assets.episode();
        for (int t : threads) {
            throughput(assets, episode, t, runs, breakdown, warmUp, table);
        }
        if (heap) {
            heapInChild(assets, heapRuns, table);
        }
        System.out.println();
        System.out.println(machine());
        table.print();
    }

    private static void throughput(Assets assets, Path episode, int threads, int runs, boolean breakdown, boolean warmUp,
            Table table) throws Exception {
        log("threads=%d: warming up%s", threads, warmUp ? "" : " the bound only");
        DetectRun.Result warm = warmUp ? DetectRun.run(assets, episode, threads, 25, null)
                : new DetectRun.Result(1, 1, 1, 50, 50);
        double[] pipeline = new double[runs];
        double[] stage = new double[runs];
        double[] bound = new double[runs];
        double[] ratio = new double[runs];
        double[] pipelineCpu = new double[runs];
        double[] boundCpu = new double[runs];
        double[] ratioCpu = new double[runs];
        double[] detMs = new double[runs];
        double[] embMs = new double[runs];
        double[] facesPerFrame = new double[1];
        try (InferenceBound b = new InferenceBound(assets, threads)) {
            b.run((int) Math.min(200, warm.frames()), warm.facesPerFrame());
            for (int r = 0; r < runs; r++) {
                DetectRun.Result p = DetectRun.run(assets, episode, threads, 25, null);
                InferenceBound.Result i = b.run((int) p.frames(), p.facesPerFrame());
                facesPerFrame[0] = p.facesPerFrame();
                pipeline[r] = p.framesPerSecond();
                stage[r] = p.frames() / p.stageSeconds();
                bound[r] = i.framesPerSecond();
                ratio[r] = pipeline[r] / bound[r];
                pipelineCpu[r] = p.framesPerCpuSecond();
                boundCpu[r] = i.framesPerCpuSecond();
                ratioCpu[r] = pipelineCpu[r] / boundCpu[r];
                detMs[r] = i.detectorMs();
                embMs[r] = i.embedderMs();
                log("threads=%d run %d: pipeline %.1f fps (%d frames, %.3f faces/frame, stage alone %.1f fps),"
                        + " bound %.1f fps (scrfd %.2f ms, mobilefacenet %.2f ms x %d), ratio %.3f; per CPU second %.1f / %.1f = %.3f", threads, r + 1,
                        pipeline[r], p.frames(), p.facesPerFrame(), stage[r], bound[r], i.detectorMs(), i.embedderMs(),
                        i.embedderRuns(), ratio[r], pipelineCpu[r], boundCpu[r], ratioCpu[r]);
            }
            Stats.Summary pipe = Stats.Summary.of(pipeline);
            Stats.Summary bnd = Stats.Summary.of(bound);
            Stats.Summary rat = Stats.Summary.of(ratio);
            String tag = "threads=" + threads;
            table.row("detect fps, pipeline (job wall), " + tag, pipe, "%.1f", fmt("%.1f", bnd.median()),
                    fmt("%.3f", rat.median()) + " [" + fmt("%.3f", rat.min()) + "–" + fmt("%.3f", rat.max()) + "]",
                    "ratio ≥ " + RATIO_GOAL + (rat.median() >= RATIO_GOAL ? " ok" : " MISSED"));
            Stats.Summary ratCpu = Stats.Summary.of(ratioCpu);
            table.row("detect frames per CPU second, pipeline, " + tag, Stats.Summary.of(pipelineCpu), "%.1f",
                    fmt("%.1f", Stats.Summary.of(boundCpu).median()), fmt("%.3f", ratCpu.median()) + " ["
                    + fmt("%.3f", ratCpu.min()) + "–" + fmt("%.3f", ratCpu.max()) + "]", "ratio ≥ " + RATIO_GOAL
                    + (ratCpu.median() >= RATIO_GOAL ? " ok" : " MISSED"));
            table.row("detect fps, detect stage alone, " + tag, Stats.Summary.of(stage), "%.1f", "", "", "");
            table.row("inference-only bound fps, " + tag, bnd, "%.1f", "", "",
                    String.format(Locale.ROOT, "%.3f faces/frame", facesPerFrame[0]));
            table.row("  scrfd 640x384 session.run ms, " + tag, Stats.Summary.of(detMs), "%.2f", "", "", "");
            table.row("  mobilefacenet session.run ms, " + tag, Stats.Summary.of(embMs), "%.2f", "", "", "");
        }
        if (breakdown) {
            Breakdown.run(assets, threads);
            Map<String, Double> ms = Breakdown.run(assets, threads);
            for (Map.Entry<String, Double> e : ms.entrySet()) {
                table.row("  breakdown ms/frame " + e.getKey() + ", " + tag(threads), new Stats.Summary(e.getValue(),
                        e.getValue(), e.getValue(), 1), "%.2f", "", "", "");
            }
        }
    }

    private static String tag(int threads) {
        return "threads=" + threads;
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

    private static String machine() {
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
