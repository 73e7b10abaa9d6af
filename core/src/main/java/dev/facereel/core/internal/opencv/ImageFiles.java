package dev.facereel.core.internal.opencv;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/** Image files (JPEG, PNG, BMP, WebP… whatever OpenCV decodes) read through NIO, so any file system works. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * The decoded image.
     *
     * @param what what the file is, for the error, such as {@code photo}
     * @throws InvalidInputException naming the file when it is missing, unreadable or not an image
     */
    public static Image read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(what + " " + file + " does not exist; expected an image file");
        } catch (IOException e) {
            throw new InvalidInputException(what + " " + file + " cannot be read: " + e.getMessage());
        }
        return decode(bytes, what + " " + file);
    }

    /**
     * The decoded image of the bytes.
     *
     * @throws InvalidInputException naming {@code source} when they are not an image OpenCV can decode
     */
    public static Image decode(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new InvalidInputException(source + " is empty; expected an image (JPEG, PNG…)");
        }
        try (Mat raw = new Mat(1, bytes.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1);
             Mat decoded = decodeInto(raw, bytes)) {
            if (decoded.empty()) {
                throw new InvalidInputException(source + " is not an image OpenCV can decode; expected JPEG, PNG, "
                        + "BMP or WebP");
            }
            return ImageMats.toImage(decoded);
        }
    }

    private static Mat decodeInto(Mat raw, byte[] bytes) {
        raw.data().put(bytes);
        return imdecode(raw, IMREAD_COLOR);
    }
}
