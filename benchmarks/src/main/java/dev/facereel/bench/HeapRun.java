package dev.facereel.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.facereel.core.ProgressEvent;
import dev.facereel.core.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of a DETECT job on a long video, and whether the heap left after a full collection grows with the
 * frames done. Every {@link #GC_EVERY} sampled frames the progress listener forces a full collection and records
 * the used heap (the live set); every collection's "before" figure, summed over the heap pools at that instant,
 * and the used heap at every progress event give the peak. Meant for a JVM started with {@code -Xmx256m}.
 */
final class HeapRun {
    static final int GC_EVERY = 50;

    /** One run: peak heap, the live-set samples, their slope, and the job's speed. */
    record Result(long peakBytes, long maxLiveBytes, double slopeBytesPer1000Frames, int samples, long frames,
                  double framesPerSecond, long peakRssKb) {
    }

    private HeapRun() {
    }

    /** Concatenates {@code times} copies of the episode with the ffmpeg binary JavaCV ships; stream copy, no re-encode. */
    static Path concatenate(Path episode, int times, Path dir) throws IOException, InterruptedException {
        String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        Path list = dir.resolve("list.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < times; i++) {
            sb.append("file '").append(episode.toAbsolutePath().toString().replace("'", "'\\''")).append("'\n");
        }
        Files.writeString(list, sb);
        Path out = dir.resolve("episode_x" + times + ".mp4");
        Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
                "-i", list.toString(), "-c", "copy", out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(out)) {
            throw new IOException("ffmpeg concat failed: " + output);
        }
        return out;
    }

    static Result run(Assets assets, Path video, double sampleFps) {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        AtomicLong peak = new AtomicLong();
        NotificationListener onGc = (n, handback) -> {
            if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long before = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
                if (heapPools.contains(e.getKey())) {
                    before += e.getValue().getUsed();
                }
            }
            peak.accumulateAndGet(before, Math::max);
        };
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(onGc, null, null);
                emitters.add(emitter);
            }
        }
        List<double[]> live = new ArrayList<>();
        long[] lastSampled = {-1};
        var memory = ManagementFactory.getMemoryMXBean();
        try {
            System.gc();
            DetectRun.Result r = DetectRun.run(assets, video,
                    DetectRun.Setup.of(Runtime.getRuntime().availableProcessors(), 1, sampleFps), (ProgressEvent e) -> {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                if (e.stage() == Stage.DETECT && e.status().equals("running") && e.framesDone() % GC_EVERY == 0
                        && e.framesDone() != lastSampled[0]) {
                    lastSampled[0] = e.framesDone();
                    System.gc();
                    live.add(new double[] {e.framesDone(), usedAfterLastCollection(heapPools)});
                }
            });
            double[] x = live.stream().mapToDouble(s -> s[0]).toArray();
            double[] y = live.stream().mapToDouble(s -> s[1]).toArray();
            long maxLive = (long) live.stream().mapToDouble(s -> s[1]).max().orElse(0);
            return new Result(peak.get(), maxLive, Stats.slope(x, y) * 1000, live.size(), r.frames(),
                    r.framesPerSecond(), peakRssKb());
        } finally {
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(onGc);
                } catch (javax.management.ListenerNotFoundException ignored) {
                    // already gone
                }
            }
        }
    }

    /**
     * The heap in use just after the last collection, summed over the heap pools. Unlike the heap in use now, it
     * is not raised by what the analysis threads allocate between the forced collection and this read.
     */
    private static long usedAfterLastCollection(Set<String> heapPools) {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getCollectionUsage();
            if (heapPools.contains(pool.getName()) && after != null) {
                used += after.getUsed();
            }
        }
        return used;
    }

    /** The process's peak resident set (VmHWM) in KiB, or -1 where /proc is missing. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
