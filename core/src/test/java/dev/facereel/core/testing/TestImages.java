package dev.facereel.core.testing;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import dev.facereel.core.internal.opencv.ImageMats;
import dev.facereel.spi.Image;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/** Loads photographs into {@link Image}s for tests. */
public final class TestImages {
    private TestImages() {
    }

    /** A JPEG (or any format OpenCV reads) on the default file system, as BGR. */
    public static Image load(Path file) {
        try (Mat mat = imread(file.toAbsolutePath().toString(), IMREAD_COLOR)) {
            if (mat.empty()) {
                throw new IllegalArgumentException("OpenCV could not read an image from " + file);
            }
            return ImageMats.toImage(mat);
        }
    }

    /** A photo from the shared {@code media/faces} folder. */
    public static Image face(String name) {
        return load(SharedAssets.face(name));
    }
}
