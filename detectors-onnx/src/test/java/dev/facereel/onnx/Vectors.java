package dev.facereel.onnx;

/** Arithmetic on embeddings. */
final class Vectors {
    private Vectors() {
    }

    /** The dot product, which is the cosine for unit vectors. */
    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
