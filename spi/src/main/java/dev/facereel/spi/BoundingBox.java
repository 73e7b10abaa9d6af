package dev.facereel.spi;

/**
 * An axis-aligned box in pixel coordinates, {@code x1,y1} inclusive top-left, {@code x2,y2} bottom-right.
 *
 * @throws IllegalArgumentException from the constructor when a coordinate is not finite or the box is inverted
 */
public record BoundingBox(float x1, float y1, float x2, float y2) {
    public BoundingBox {
        if (!Float.isFinite(x1) || !Float.isFinite(y1) || !Float.isFinite(x2) || !Float.isFinite(y2)) {
            throw new IllegalArgumentException("box coordinates must be finite: " + x1 + "," + y1 + "," + x2 + "," + y2);
        }
        if (x2 < x1 || y2 < y1) {
            throw new IllegalArgumentException("box is inverted: " + x1 + "," + y1 + "," + x2 + "," + y2);
        }
    }

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float area() {
        return width() * height();
    }

    public float centerX() {
        return (x1 + x2) / 2f;
    }

    public float centerY() {
        return (y1 + y2) / 2f;
    }

    /** Intersection over union with another box; 0 when they do not overlap. */
    public float iou(BoundingBox other) {
        float ix = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        float iy = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (ix <= 0 || iy <= 0) {
            return 0f;
        }
        float inter = ix * iy;
        float union = area() + other.area() - inter;
        return union <= 0 ? 0f : inter / union;
    }

    /** This box limited to an image of the given size. */
    public BoundingBox clampTo(int width, int height) {
        float cx1 = clamp(x1, width);
        float cy1 = clamp(y1, height);
        return new BoundingBox(cx1, cy1, Math.max(cx1, clamp(x2, width)), Math.max(cy1, clamp(y2, height)));
    }

    private static float clamp(float v, int max) {
        return Math.max(0f, Math.min(v, max));
    }
}
