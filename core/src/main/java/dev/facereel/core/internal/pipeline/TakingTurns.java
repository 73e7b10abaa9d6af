package dev.facereel.core.internal.pipeline;

import dev.facereel.spi.Calibration;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import java.util.List;

/**
 * Providers that are not thread-safe, shared by the jobs a pipeline runs at once: their calls take turns. Thread-safe
 * providers are returned as they are.
 */
public final class TakingTurns {
    private TakingTurns() {
    }

    public static Detector detector(Detector d) {
        return d.isThreadSafe() ? d : new TurnDetector(d);
    }

    public static Embedder embedder(Embedder e) {
        return e.isThreadSafe() ? e : new TurnEmbedder(e);
    }

    private static final class TurnDetector implements Detector {
        private final Detector delegate;

        TurnDetector(Detector delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized List<Face> detect(Image image) {
            return delegate.detect(image);
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
            return false;
        }

        @Override
        public synchronized void close() {
            delegate.close();
        }
    }

    private static final class TurnEmbedder implements Embedder {
        private final Embedder delegate;

        TurnEmbedder(Embedder delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized float[] embed(Image image, Face face) {
            return delegate.embed(image, face);
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public String modelId() {
            return delegate.modelId();
        }

        @Override
        public Calibration calibration() {
            return delegate.calibration();
        }

        @Override
        public boolean isThreadSafe() {
            return false;
        }

        @Override
        public synchronized void close() {
            delegate.close();
        }
    }
}
