package dev.facereel.core.internal.stage.detect;

import dev.facereel.core.JobCanceledException;
import dev.facereel.core.internal.video.VideoFrame;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Detects and embeds the faces of frames on worker threads while the caller decodes the next ones, and hands the
 * results back in the order the frames went in. With thread-safe providers several frames are analysed at once;
 * otherwise one worker calls them, still overlapping decoding with inference. Closing it waits for every running
 * call, so the providers may be closed afterwards.
 */
final class FrameAnalysis implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    /**
     * One analysed frame: its shot and the shot detector's state after this frame, its faces, best first, each
     * face's quality ({@link FaceQuality}) and embedding.
     */
    record Analysed(VideoFrame frame, int shot, ShotCutDetector.State shotState, List<Face> faces,
                    List<Float> qualities, List<float[]> embeddings) {
    }

    private final Detector detector;
    private final Embedder embedder;
    private final int capacity;
    private final ExecutorService workers;
    private final Deque<Future<Analysed>> pending = new ArrayDeque<>();

    FrameAnalysis(Detector detector, Embedder embedder, int parallelism) {
        this.detector = detector;
        this.embedder = embedder;
        int threads = detector.isThreadSafe() && embedder.isThreadSafe() ? Math.max(1, parallelism) : 1;
        this.capacity = 2 * threads;
        int pool = POOLS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "facereel-analyse-" + pool + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether enough frames are in flight that the caller should take a result before adding more. */
    boolean full() {
        return pending.size() >= capacity;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    void add(VideoFrame frame, int shot, ShotCutDetector.State shotState) {
        pending.addLast(workers.submit(() -> analyse(frame, shot, shotState)));
    }

    /**
     * The oldest frame's result, waiting for it if needed.
     *
     * @throws JobCanceledException when the waiting thread is interrupted
     */
    Analysed next() {
        Future<Analysed> oldest = pending.removeFirst();
        try {
            return oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCanceledException("interrupted while analysing frames");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private Analysed analyse(VideoFrame frame, int shot, ShotCutDetector.State shotState) {
        // Found in the (possibly scaled-down) analysis image, embedded from the full-resolution frame.
        List<Face> faces = frame.toFrame(detector.detect(frame.analysisImage()));
        List<float[]> embeddings = new ArrayList<>(faces.size());
        for (Face face : faces) {
            embeddings.add(embedder.embed(frame.image(), face));
        }
        List<Float> qualities = FaceQuality.of(frame.image(), faces);
        return new Analysed(frame, shot, shotState, faces, qualities, embeddings);
    }

    /** Drops the frames not taken yet and waits until no provider call is running. */
    @Override
    public void close() {
        pending.forEach(f -> f.cancel(false));
        pending.clear();
        workers.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (workers.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
