package dev.facereel.core.internal.stage;

/** Small vector helpers for embeddings. */
public final class Vectors {
    private Vectors() {
    }

    /** {@code v / |v|} as floats, or all zeros when {@code v} is zero. */
    public static float[] normalised(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                out[i] = (float) (v[i] / norm);
            }
        }
        return out;
    }

    /** The dot product of two vectors of one length. */
    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Adds {@code v} to {@code sum}, component by component. */
    public static void addTo(float[] sum, float[] v) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += v[i];
        }
    }

    /** Multiplies every component of {@code v} by {@code factor}. */
    public static void scale(float[] v, float factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
    }

    /**
     * The cosine similarity of two vectors of one length, or {@code NaN} when either is zero or empty (unknown).
     *
     * @throws IllegalArgumentException when both are non-empty and their lengths differ
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length == 0 || b.length == 0) {
            return Double.NaN;
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException("cannot compare embeddings of " + a.length + " and " + b.length + " floats");
        }
        double norms = Math.sqrt(dot(a, a) * dot(b, b));
        return norms == 0 ? Double.NaN : dot(a, b) / norms;
    }

    /** Whether every component is zero (true for an empty vector). */
    public static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }
}
