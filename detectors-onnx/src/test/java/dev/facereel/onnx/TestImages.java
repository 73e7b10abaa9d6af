package dev.facereel.onnx;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.facereel.spi.Image;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Test and benchmark images: photos decoded by OpenCV, optionally resized, and seeded noise. */
public final class TestImages {
    private TestImages() {
    }

    /** A photo as a BGR {@link Image}. */
    public static Image load(Path photo) {
        try (Mat mat = imread(photo.toString())) {
            if (mat.empty()) {
                throw new IllegalArgumentException("OpenCV cannot decode " + photo);
            }
            return toImage(mat);
        }
    }

    /** A photo stretched to the given size, as a decoded video frame would be. */
    public static Image load(Path photo, int width, int height) {
        try (Mat mat = imread(photo.toString()); Mat resized = new Mat(); Size size = new Size(width, height)) {
            resize(mat, resized, size);
            return toImage(resized);
        }
    }

    /** Uniform random pixels from a fixed seed. */
    public static Image noise(int width, int height, long seed) {
        byte[] bgr = new byte[width * height * 3];
        new Random(seed).nextBytes(bgr);
        return Image.ofBgr(width, height, bgr);
    }

    private static Image toImage(Mat mat) {
        byte[] bgr = new byte[(int) (mat.step() * mat.rows())];
        mat.data().get(bgr);
        return new Image(mat.cols(), mat.rows(), (int) mat.step(), bgr);
    }
}
