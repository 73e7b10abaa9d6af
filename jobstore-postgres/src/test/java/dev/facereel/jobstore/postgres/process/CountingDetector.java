package dev.facereel.jobstore.postgres.process;

import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Detector} that delegates to another and prints {@code DETECTED <n> <ms>} after each call: the count so
 * far in this process and the milliseconds since the process started, so a test can tell how many frames each
 * worker processed, and how many fit in one heartbeat interval.
 */
final class CountingDetector implements Detector {
    private final Detector delegate;
    private final PrintStream out;
    private final AtomicLong calls;
    private final long startNanos = System.nanoTime();

    CountingDetector(Detector delegate, PrintStream out, AtomicLong calls) {
        this.delegate = delegate;
        this.out = out;
        this.calls = calls;
    }

    @Override
    public List<Face> detect(Image image) {
        List<Face> faces = delegate.detect(image);
        out.println("DETECTED " + calls.incrementAndGet() + " " + (System.nanoTime() - startNanos) / 1_000_000);
        return faces;
    }

    @Override
    public String modelId() {
        return delegate.modelId();
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
