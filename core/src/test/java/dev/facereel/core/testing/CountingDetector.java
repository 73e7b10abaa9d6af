package dev.facereel.core.testing;

import dev.facereel.core.process.ChildJvm;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Detector} that delegates to another and counts its calls, printing {@code DETECTED <n> <ms>} after each
 * ({@code ms}: milliseconds since the detector was made, so a test can tell how many calls fit in an interval).
 * Its model id is the delegate's, so stage fingerprints are those of the plain detector. With a gate file it
 * holds its first call until that file exists, which keeps a job alive and busy at a known point.
 */
public final class CountingDetector implements Detector {
    private final Detector delegate;
    private final PrintStream out;
    private final Path gate;
    private final AtomicLong calls = new AtomicLong();
    private final long startNanos = System.nanoTime();

    public CountingDetector(Detector delegate, PrintStream out, Path gate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.out = Objects.requireNonNull(out, "out");
        this.gate = gate;
    }

    /** The count on the last {@code DETECTED <n> <ms>} line a child printed, 0 if none. */
    public static long lastCount(ChildJvm child) {
        List<String> counts = child.linesStartingWith("DETECTED");
        return counts.isEmpty() ? 0 : Long.parseLong(counts.get(counts.size() - 1).split(" ")[0]);
    }

    public long calls() {
        return calls.get();
    }

    @Override
    public List<Face> detect(Image image) {
        if (gate != null && calls.get() == 0) {
            out.println("GATED");
            while (!Files.exists(gate)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        List<Face> faces = delegate.detect(image);
        out.println("DETECTED " + calls.incrementAndGet() + " " + (System.nanoTime() - startNanos) / 1_000_000);
        return faces;
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    @Override
    public int maxInputSide() {
        return delegate.maxInputSide();
    }

    @Override
    public boolean isThreadSafe() {
        return delegate.isThreadSafe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
