package dev.facereel.spi;

import java.util.Arrays;

/**
 * Facial keypoints in pixel coordinates, stored as {@code x0,y0,x1,y1,…}. Detectors that report five
 * points use the ArcFace order: left eye, right eye, nose tip, left mouth corner, right mouth corner
 * (left and right as seen in the image).
 *
 * @throws IllegalArgumentException from the constructor when the array is empty, odd-sized or not finite
 */
public record Landmarks(float[] xy) {
    public Landmarks {
        if (xy == null || xy.length == 0 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("landmarks need a non-empty even number of coordinates, got "
                    + (xy == null ? "null" : xy.length));
        }
        for (float v : xy) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("landmark coordinates must be finite: " + Arrays.toString(xy));
            }
        }
        xy = xy.clone();
    }

    public static Landmarks of(float... xy) {
        return new Landmarks(xy);
    }

    @Override
    public float[] xy() {
        return xy.clone();
    }

    public int count() {
        return xy.length / 2;
    }

    public float x(int point) {
        return xy[2 * point];
    }

    public float y(int point) {
        return xy[2 * point + 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Landmarks other && Arrays.equals(xy, other.xy);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(xy);
    }

    @Override
    public String toString() {
        return "Landmarks" + Arrays.toString(xy);
    }
}
