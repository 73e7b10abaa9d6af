package dev.facereel.core.internal.opencv;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.FaceReelException;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_objdetect;
import org.bytedeco.opencv.opencv_core.FileStorage;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * The {@code opencv-haar} detector: OpenCV's frontal-face Haar cascade, read from the OpenCV natives jar,
 * run on the equalised grey image. No landmarks. Not thread-safe (the cascade keeps scratch buffers).
 *
 * <p>Score: {@code detectMultiScale3} reports for each grouped detection the weight of the cascade's last
 * stage (the best among the grouped windows). That weight is mapped through a logistic centred on
 * 3, {@code score = 1 / (1 + exp(3 - weight))}, which is monotonic. On the shared test photos the labelled
 * faces weigh about 3.6 to 9.5 (scores 0.65 and up) and most false detections less than 3 (scores below 0.5).
 */
final class HaarDetector implements Detector {
    public static final String NAME = "opencv-haar";
    static final String SCALE = "scale";
    static final String MIN_NEIGHBORS = "min_neighbors";
    static final String MIN_SIZE = "min_size";
    private static final String CASCADE = "haarcascade_frontalface_default";
    private static final double WEIGHT_CENTRE = 3.0;

    private final CascadeClassifier classifier;
    private final float scale;
    private final int minNeighbors;
    private final int minSize;
    private final String modelId;
    private boolean closed;

    private HaarDetector(CascadeClassifier classifier, float scale, int minNeighbors, int minSize) {
        this.classifier = classifier;
        this.scale = scale;
        this.minNeighbors = minNeighbors;
        this.minSize = minSize;
        this.modelId = NAME + "/" + CASCADE + "/scale=" + scale + ",min_neighbors=" + minNeighbors
                + ",min_size=" + minSize + ",equalized";
    }

    /**
     * Loads the cascade and reads the options {@code scale} (image pyramid step, above 1, default 1.1),
     * {@code min_neighbors} (overlapping windows a face needs, default 5) and {@code min_size} (smallest face
     * side in pixels, default 30).
     *
     * @throws InvalidInputException when an option is unknown or out of range, or a model file is given
     * @throws FaceReelException when the cascade is missing from the OpenCV natives on the class path
     */
    public static HaarDetector open(ProviderConfig config) {
        ProviderOptions.requireOnly(config, NAME, Set.of(SCALE, MIN_NEIGHBORS, MIN_SIZE));
        float scale = config.floatValue(SCALE, 1.1f);
        if (!(scale > 1f && scale <= 2f)) {
            throw new InvalidInputException("option '" + SCALE + "' must be above 1 and at most 2, got " + scale);
        }
        int minNeighbors = ProviderOptions.intInRange(config, MIN_NEIGHBORS, 5, 0, 100);
        int minSize = ProviderOptions.intInRange(config, MIN_SIZE, 30, 1, 10_000);
        return new HaarDetector(loadCascade(), scale, minNeighbors, minSize);
    }

    private static CascadeClassifier loadCascade() {
        Loader.load(opencv_objdetect.class);
        String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/haarcascades/" + CASCADE + ".xml";
        String xml;
        // Through the class loader (whose names have no leading '/'): on the module path the cascade lies in the
        // platform's module, not in the module of opencv_objdetect, which Class.getResourceAsStream would search alone.
        try (InputStream in = opencv_objdetect.class.getClassLoader().getResourceAsStream(resource.substring(1))) {
            if (in == null) {
                throw new FaceReelException("the OpenCV natives on the class path lack " + resource
                        + "; add org.bytedeco:opencv with the classifier " + Loader.getPlatform());
            }
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FaceReelException("could not read the Haar cascade " + resource, e);
        }
        CascadeClassifier classifier = new CascadeClassifier();
        try (FileStorage storage = new FileStorage(xml, FileStorage.READ | FileStorage.MEMORY)) {
            if (!classifier.read(storage.getFirstTopLevelNode()) || classifier.empty()) {
                classifier.close();
                throw new FaceReelException("OpenCV could not parse the Haar cascade " + resource);
            }
        }
        return classifier;
    }

    @Override
    public List<Face> detect(Image image) {
        if (closed) {
            throw new IllegalStateException("the " + NAME + " detector is closed");
        }
        List<Face> faces = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            Mat grey = new Mat();
            cvtColor(ImageMats.toMat(image), grey, COLOR_BGR2GRAY);
            equalizeHist(grey, grey);
            RectVector boxes = new RectVector();
            IntPointer levels = new IntPointer();
            DoublePointer weights = new DoublePointer();
            classifier.detectMultiScale3(grey, boxes, levels, weights, scale, minNeighbors, 0,
                    new Size(minSize, minSize), new Size(), true);
            for (int i = 0; i < boxes.size(); i++) {
                Rect r = boxes.get(i);
                BoundingBox box = new BoundingBox(r.x(), r.y(), r.x() + r.width(), r.y() + r.height())
                        .clampTo(image.width(), image.height());
                if (box.area() > 0) {
                    faces.add(new Face(box, score(weights.get(i))));
                }
            }
        }
        faces.sort(Comparator.comparingDouble((Face f) -> -f.score())
                .thenComparingDouble(f -> f.box().x1())
                .thenComparingDouble(f -> f.box().y1()));
        return faces;
    }

    private static float score(double levelWeight) {
        return (float) (1.0 / (1.0 + Math.exp(WEIGHT_CENTRE - levelWeight)));
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public boolean isThreadSafe() {
        return false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            classifier.close();
        }
    }
}
