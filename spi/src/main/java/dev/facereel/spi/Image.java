package dev.facereel.spi;

import java.util.Arrays;

/**
 * An 8-bit BGR frame, rows {@code stride} bytes apart, so providers need no imaging library's types.
 * Immutable: the pixels are copied in and out.
 *
 * @throws IllegalArgumentException from the constructor when the sizes do not fit the pixel array
 */
public record Image(int width, int height, int stride, byte[] bgr) {
    public Image {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (stride < width * 3) {
            throw new IllegalArgumentException("stride " + stride + " is shorter than a BGR row of " + width + " pixels");
        }
        if (bgr == null || bgr.length < (long) stride * (height - 1) + width * 3L) {
            throw new IllegalArgumentException("pixel array too small for " + width + "x" + height + " with stride " + stride);
        }
        bgr = bgr.clone();
    }

    /** A tightly packed image ({@code stride == width * 3}). */
    public static Image ofBgr(int width, int height, byte[] bgr) {
        return new Image(width, height, width * 3, bgr);
    }

    /** A black image of the given size. */
    public static Image blank(int width, int height) {
        return ofBgr(width, height, new byte[width * height * 3]);
    }

    /** A copy of the pixels. */
    @Override
    public byte[] bgr() {
        return bgr.clone();
    }

    /** A tightly packed copy of the pixels ({@code width * 3} bytes a row). */
    public byte[] packedBgr() {
        if (stride == width * 3) {
            return bgr.clone();
        }
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            System.arraycopy(bgr, y * stride, out, y * width * 3, width * 3);
        }
        return out;
    }

    /**
     * The pixels of the rectangle at ({@code x}, {@code y}), {@code cropWidth} by {@code cropHeight}, as a tightly
     * packed image. Only that rectangle is copied, so a face's crop of a large frame costs the face, not the frame.
     *
     * @throws IllegalArgumentException when the rectangle is empty or not inside the image
     */
    public Image crop(int x, int y, int cropWidth, int cropHeight) {
        if (cropWidth <= 0 || cropHeight <= 0 || x < 0 || y < 0 || x > width - cropWidth || y > height - cropHeight) {
            throw new IllegalArgumentException("crop " + cropWidth + "x" + cropHeight + " at (" + x + "," + y
                    + ") is not inside the " + width + "x" + height + " image");
        }
        int row = cropWidth * 3;
        byte[] out = new byte[row * cropHeight];
        for (int r = 0; r < cropHeight; r++) {
            System.arraycopy(bgr, (y + r) * stride + x * 3, out, r * row, row);
        }
        return ofBgr(cropWidth, cropHeight, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image other && width == other.width && height == other.height
                && stride == other.stride && Arrays.equals(bgr, other.bgr);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(bgr);
    }

    @Override
    public String toString() {
        return "Image[" + width + "x" + height + " BGR]";
    }
}
