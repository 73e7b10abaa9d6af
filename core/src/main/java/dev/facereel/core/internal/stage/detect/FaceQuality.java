package dev.facereel.core.internal.stage.detect;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.facereel.core.internal.opencv.ImageMats;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.Landmarks;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * How usable a detected face is, in {@code [0,1]}: the product of its size, its sharpness and the detector's score
 * (combined with how frontal the face is when the detector gives five landmarks). A face that is tiny or blurred is
 * poor however sure the detector is.
 * <ul>
 *   <li><b>size</b>: the box's side ({@code sqrt(width × height)}) from {@value #SIZE_ZERO} px (0) to
 *       {@value #SIZE_FULL} px and more (1), linear in between.
 *   <li><b>sharpness</b>: the face crop in grey, area-resized to {@value #CROP} px square; the standard deviation
 *       of its Laplacian over the crop's own standard deviation plus one (so that contrast and brightness cancel
 *       out), mapped linearly from {@value #SHARP_ZERO} (0) to {@value #SHARP_FULL} (1). Measured on the shared
 *       photos scaled to 360 px high: 0.46–0.95 sharp, 0.12–0.36 after a Gaussian blur of sigma 1.5, 0.06–0.21
 *       at sigma 3.
 *   <li><b>score</b>: the detector's confidence as given; with five landmarks (eyes, nose, mouth corners, in the
 *       ArcFace order) the weighted geometric mean {@code (score × frontal^0.5)^(1/1.5)}, where
 *       {@code frontal = 1 - 2 × |nose x - mean x of eyes and mouth corners| / eye distance}, clamped to
 *       {@code [0,1]}: 1 facing the camera, 0 in profile.
 * </ul>
 * Stateless and thread-safe; deterministic for given pixels.
 */
public final class FaceQuality {
    /** Names the formula in the detect stage's settings, so that results made by another one are stale. */
    public static final String VERSION = "size16-80*sharp64(0.05-0.45)*score(frontal^0.5)";
    static final double SIZE_ZERO = 16;
    static final double SIZE_FULL = 80;
    static final int CROP = 64;
    static final double SHARP_ZERO = 0.05;
    static final double SHARP_FULL = 0.45;

    private FaceQuality() {
    }

    /** The quality of each face of {@code frame}, in order. */
    public static List<Float> of(Image frame, List<Face> faces) {
        List<Float> out = new ArrayList<>(faces.size());
        for (Face face : faces) {
            out.add(of(frame, face));
        }
        return out;
    }

    /** The quality of {@code face} in {@code frame}, rounded to 4 decimals. */
    private static float of(Image frame, Face face) {
        BoundingBox box = face.box();
        double side = Math.sqrt(Math.max(0, box.width()) * Math.max(0, box.height()));
        double size = clamp((side - SIZE_ZERO) / (SIZE_FULL - SIZE_ZERO));
        double confidence = face.score();
        Landmarks l = face.landmarks();
        if (l != null && l.count() == 5) {
            confidence = Math.pow(confidence * Math.sqrt(frontalness(l)), 1 / 1.5);
        }
        double q = size * sharpness(frame, box) * confidence;
        return (float) (Math.rint(clamp(q) * 1e4) / 1e4);
    }

    /** Sharpness of the box's crop in {@code [0,1]}; 0 for a box without pixels. Copies only the crop. */
    private static double sharpness(Image frame, BoundingBox box) {
        try (Mat crop = ImageMats.crop(frame, box)) {
            if (crop.cols() < 2 || crop.rows() < 2) {
                return 0;
            }
            try (Mat grey = new Mat();
                 Mat small = new Mat();
                 Mat lap = new Mat();
                 Mat mean = new Mat();
                 Mat std = new Mat();
                 Size size = new Size(CROP, CROP)) {
                cvtColor(crop, grey, COLOR_BGR2GRAY);
                resize(grey, small, size, 0, 0, INTER_AREA);
                meanStdDev(small, mean, std);
                double greyStd = std.createIndexer().getDouble(0);
                Laplacian(small, lap, CV_32F);
                meanStdDev(lap, mean, std);
                double lapStd = std.createIndexer().getDouble(0);
                return clamp((lapStd / (greyStd + 1) - SHARP_ZERO) / (SHARP_FULL - SHARP_ZERO));
            }
        }
    }

    /** 1 facing the camera, down to 0 in profile, from five landmarks in the ArcFace order. */
    static double frontalness(Landmarks l) {
        double eyeDistance = Math.hypot(l.x(1) - l.x(0), l.y(1) - l.y(0));
        if (!(eyeDistance > 0)) {
            return 0;
        }
        double centre = (l.x(0) + l.x(1) + l.x(3) + l.x(4)) / 4;
        return clamp(1 - 2 * Math.abs(l.x(2) - centre) / eyeDistance);
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
