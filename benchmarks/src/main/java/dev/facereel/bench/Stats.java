package dev.facereel.bench;

import java.util.Arrays;

/** Medians, ranges and least-squares slopes of measured samples. */
final class Stats {
    private Stats() {
    }

    /** A summary of repeated measurements of one figure. */
    record Summary(double median, double min, double max, int n) {
        static Summary of(double[] values) {
            if (values.length == 0) {
                return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            return new Summary(median, sorted[0], sorted[n - 1], n);
        }
    }

    /** The slope of the least-squares line through (x, y). */
    static double slope(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }
}
