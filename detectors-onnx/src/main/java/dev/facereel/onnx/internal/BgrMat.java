package dev.facereel.onnx.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import dev.facereel.spi.Image;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** An OpenCV view of {@link Image} pixels, reusing one native buffer from frame to frame. Not thread-safe. */
final class BgrMat implements AutoCloseable {
    private BytePointer pixels;
    private Mat mat;
    private Image shown;

    /** The image as an 8-bit, 3-channel BGR {@link Mat}, valid until the next call. */
    Mat wrap(Image image) {
        if (image == shown) {
            return mat;
        }
        byte[] bgr = image.bgr();
        if (pixels == null || pixels.capacity() < bgr.length) {
            close();
            pixels = new BytePointer(bgr.length);
        }
        pixels.position(0).put(bgr);
        if (mat == null || mat.cols() != image.width() || mat.rows() != image.height() || mat.step() != image.stride()) {
            if (mat != null) {
                mat.close();
            }
            mat = new Mat(image.height(), image.width(), CV_8UC3, pixels, image.stride());
        }
        shown = image;
        return mat;
    }

    @Override
    public void close() {
        if (mat != null) {
            mat.close();
            mat = null;
        }
        if (pixels != null) {
            pixels.close();
            pixels = null;
        }
        shown = null;
    }
}
