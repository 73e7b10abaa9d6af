package dev.facereel.core.internal.opencv;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Image;
import org.bytedeco.opencv.opencv_core.Mat;

/** Copies between {@link Image} and OpenCV {@link Mat} in bulk, one native copy per direction. */
public final class ImageMats {
    private ImageMats() {
    }

    /**
     * A new continuous 8UC3 (BGR) Mat holding a copy of the box's whole pixels: from the floor of its top-left corner
     * to the ceiling of its bottom-right, limited to the image. Only those pixels are copied. An empty Mat when the
     * box holds no pixel of the image.
     */
    public static Mat crop(Image image, BoundingBox box) {
        BoundingBox clamped = box.clampTo(image.width(), image.height());
        int x1 = (int) Math.floor(clamped.x1());
        int y1 = (int) Math.floor(clamped.y1());
        int x2 = Math.min(image.width(), (int) Math.ceil(clamped.x2()));
        int y2 = Math.min(image.height(), (int) Math.ceil(clamped.y2()));
        return x2 <= x1 || y2 <= y1 ? new Mat() : toMat(image.crop(x1, y1, x2 - x1, y2 - y1));
    }

    /** A new continuous 8UC3 (BGR) Mat holding a copy of the image's pixels. */
    public static Mat toMat(Image image) {
        Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
        mat.data().put(image.packedBgr());
        return mat;
    }

    /**
     * A tightly packed image copied from an 8UC3 (BGR) Mat.
     *
     * @throws IllegalArgumentException when the Mat is empty or not 8UC3
     */
    public static Image toImage(Mat mat) {
        if (mat.empty() || mat.type() != CV_8UC3) {
            throw new IllegalArgumentException("expected a non-empty 8UC3 Mat, got type " + mat.type()
                    + " of " + mat.cols() + "x" + mat.rows());
        }
        Mat continuous = mat.isContinuous() ? mat : mat.clone();
        try {
            byte[] bgr = new byte[mat.cols() * mat.rows() * 3];
            continuous.data().get(bgr);
            return Image.ofBgr(mat.cols(), mat.rows(), bgr);
        } finally {
            if (continuous != mat) {
                continuous.close();
            }
        }
    }
}
