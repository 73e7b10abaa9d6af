package dev.facereel.bench;

import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A detector that counts its calls and, when given a stream, prints {@code DETECTED <n>} after each. Its model id
 * is the delegate's, so stage fingerprints are those of the plain detector.
 */
final class CountingDetector implements Detector {
    private final Detector delegate;
    private final PrintStream out;
    private final AtomicLong calls = new AtomicLong();

    CountingDetector(Detector delegate, PrintStream out) {
        this.delegate = delegate;
        this.out = out;
    }

    long calls() {
        return calls.get();
    }

    @Override
    public List<Face> detect(Image image) {
        List<Face> faces = delegate.detect(image);
        long n = calls.incrementAndGet();
        if (out != null) {
            out.println("DETECTED " + n);
        }
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
