package dev.facereel.core.internal.stage;

import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.detect.FrameRecord;
import dev.facereel.spi.BoundingBox;
import java.util.List;
import java.util.Random;

/** Synthetic faces and embeddings for the stage tests. */
public final class StageFixtures {
    public static final double SAMPLE_PERIOD = 0.2;
    public static final int STEP = 5;

    private StageFixtures() {
    }

    /** A face in sampled frame {@code sample} (frame {@code sample * STEP}) with a 40x40 box at x, y. */
    public static FaceRecord face(int sample, float x, float y, float[] embedding) {
        return new FaceRecord(sample * STEP, sample * SAMPLE_PERIOD, new BoundingBox(x, y, x + 40, y + 40), 0.9f,
                null, embedding);
    }

    public static FrameRecord frame(int sample, int shot, FaceRecord... faces) {
        return new FrameRecord(sample * STEP, sample * SAMPLE_PERIOD, shot, List.of(faces));
    }

    /** The unit vector along axis {@code i}: axes are orthogonal, so two of them are clearly different people. */
    public static float[] axis(int i, int dims) {
        float[] v = new float[dims];
        v[i] = 1f;
        return v;
    }

    /** A unit vector near {@code centre}: the centre plus Gaussian noise of the given size per component. */
    public static float[] near(float[] centre, Random random, double noise) {
        double[] v = new double[centre.length];
        for (int i = 0; i < centre.length; i++) {
            v[i] = centre[i] + noise * random.nextGaussian();
        }
        return Vectors.normalised(v);
    }
}
