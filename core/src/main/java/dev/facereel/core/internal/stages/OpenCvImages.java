package dev.facereel.core.internal.stages;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.facereel.spi.Image;
import org.bytedeco.opencv.opencv_core.Mat;

/** Copies between {@link Image} and OpenCV {@link Mat} in bulk. The caller closes the Mats it gets. */
final class OpenCvImages {
    private OpenCvImages() {
    }

    /** A new continuous 8-bit BGR Mat holding a copy of the image's pixels. */
    static Mat toMat(Image image) {
        Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
        mat.data().put(image.packedBgr());
        return mat;
    }

    /**
     * A copy of an 8-bit BGR Mat as an Image.
     *
     * @throws IllegalArgumentException when the Mat is not 8-bit, 3-channel
     */
    static Image toImage(Mat mat) {
        if (mat.type() != CV_8UC3) {
            throw new IllegalArgumentException("expected an 8-bit BGR Mat, got type " + mat.type());
        }
        byte[] bgr = new byte[mat.rows() * mat.cols() * 3];
        if (mat.isContinuous()) {
            mat.data().get(bgr);
        } else {
            try (Mat packed = mat.clone()) {
                packed.data().get(bgr);
            }
        }
        return Image.ofBgr(mat.cols(), mat.rows(), bgr);
    }
}
