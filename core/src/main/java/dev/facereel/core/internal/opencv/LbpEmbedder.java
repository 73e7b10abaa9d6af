package dev.facereel.core.internal.opencv;

import static org.bytedeco.opencv.global.opencv_calib3d.estimateAffinePartial2D;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Calibration;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.Landmarks;
import dev.facereel.spi.ProviderConfig;
import java.util.Set;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The {@code opencv-lbp} embedder: a classical local-binary-pattern descriptor, far weaker than a trained
 * network but free of model files. The face is brought to a 112x112 grey patch, similarity-aligned to the
 * ArcFace five-point template when it has five landmarks, otherwise the square around its box. Each pixel
 * gets its 8-neighbour, radius-1 uniform LBP code (58 uniform patterns plus one bin for the rest); a histogram
 * per cell of a {@code grid x grid} layout is concatenated, square-rooted (Hellinger) and L2-normalised.
 * Thread-safe: every call works on its own buffers.
 */
final class LbpEmbedder implements Embedder {
    public static final String NAME = "opencv-lbp";
    static final String GRID = "grid";
    static final int FACE_SIZE = 112;
    static final int BINS = 59;
    /**
     * Measured by {@code ./bench calibrate} (README, "How the thresholds were calibrated"). LBP histograms of
     * different people lie as close as those of one person (cosine about 0.77 to 0.87 either way on the shared
     * photos), so only near-copies are grouped or named: clustering at 0.86, the lowest threshold at which both
     * synthetic episodes cluster purely; a name from 0.90 with a lead of 0.05, above every impostor score on the
     * shared photos (at most 0.855), where no face is then named wrongly.
     */
    static final Calibration CALIBRATION = new Calibration(0.86, 0.90, 0.05);
    private static final float[] ARCFACE_TEMPLATE = {
        38.2946f, 51.6963f, 73.5318f, 51.5014f, 56.0252f, 71.7366f, 41.5493f, 92.3655f, 70.7299f, 92.2041f};
    private static final byte[] UNIFORM_BIN = uniformBins();

    private final int grid;
    private final String modelId;
    private volatile boolean closed;

    private LbpEmbedder(int grid) {
        this.grid = grid;
        this.modelId = NAME + "/u2-r1-p8/face=" + FACE_SIZE + ",grid=" + grid + "x" + grid + ",hellinger";
    }

    /**
     * Reads the option {@code grid} (cells per side, 1 to 16, default 7; the dimension is
     * {@code grid * grid * 59}).
     *
     * @throws InvalidInputException when an option is unknown or out of range, or a model file is given
     */
    public static LbpEmbedder open(ProviderConfig config) {
        ProviderOptions.requireOnly(config, NAME, Set.of(GRID));
        return new LbpEmbedder(ProviderOptions.intInRange(config, GRID, 7, 1, 16));
    }

    @Override
    public float[] embed(Image image, Face face) {
        if (closed) {
            throw new IllegalStateException("the " + NAME + " embedder is closed");
        }
        return describe(greyFace(image, face));
    }

    /** The face as a FACE_SIZE x FACE_SIZE grey patch, row-major. */
    static byte[] greyFace(Image image, Face face) {
        try (PointerScope scope = new PointerScope()) {
            Mat toFace = face.keypoints().filter(l -> l.count() == 5).map(LbpEmbedder::alignment)
                    .filter(m -> !m.empty()).orElseGet(() -> squareCrop(face.box()));
            Mat patch = new Mat();
            warpAffine(ImageMats.toMat(image), patch, toFace, new Size(FACE_SIZE, FACE_SIZE), INTER_LINEAR,
                    BORDER_REPLICATE, new Scalar());
            Mat grey = new Mat();
            cvtColor(patch, grey, COLOR_BGR2GRAY);
            byte[] pixels = new byte[FACE_SIZE * FACE_SIZE];
            grey.data().get(pixels);
            return pixels;
        }
    }

    /** The similarity transform taking the five landmarks onto the template; empty when it cannot be found. */
    private static Mat alignment(Landmarks landmarks) {
        Mat from = new Mat(5, 1, CV_32FC2, new FloatPointer(landmarks.xy()));
        Mat to = new Mat(5, 1, CV_32FC2, new FloatPointer(ARCFACE_TEMPLATE));
        return estimateAffinePartial2D(from, to);
    }

    /** Scales the square around the box's centre, its side the box's longer side, onto the patch. */
    private static Mat squareCrop(BoundingBox box) {
        double side = Math.max(1.0, Math.max(box.width(), box.height()));
        double k = FACE_SIZE / side;
        Mat m = new Mat(2, 3, CV_64F);
        new DoublePointer(m.data()).put(
                k, 0, -k * (box.centerX() - side / 2),
                0, k, -k * (box.centerY() - side / 2));
        return m;
    }

    /** Uniform LBP histograms per cell, square-rooted and L2-normalised. */
    float[] describe(byte[] face) {
        float[] hist = new float[grid * grid * BINS];
        for (int y = 1; y < FACE_SIZE - 1; y++) {
            int cellRow = y * grid / FACE_SIZE * grid;
            for (int x = 1; x < FACE_SIZE - 1; x++) {
                int i = y * FACE_SIZE + x;
                int c = face[i] & 0xff;
                int code = bit(face[i - FACE_SIZE - 1], c, 7) | bit(face[i - FACE_SIZE], c, 6)
                        | bit(face[i - FACE_SIZE + 1], c, 5) | bit(face[i + 1], c, 4)
                        | bit(face[i + FACE_SIZE + 1], c, 3) | bit(face[i + FACE_SIZE], c, 2)
                        | bit(face[i + FACE_SIZE - 1], c, 1) | bit(face[i - 1], c, 0);
                hist[(cellRow + x * grid / FACE_SIZE) * BINS + UNIFORM_BIN[code]]++;
            }
        }
        double norm = 0;
        for (int i = 0; i < hist.length; i++) {
            hist[i] = (float) Math.sqrt(hist[i]);
            norm += hist[i] * hist[i];
        }
        float inv = (float) (1.0 / Math.sqrt(norm));
        for (int i = 0; i < hist.length; i++) {
            hist[i] *= inv;
        }
        return hist;
    }

    private static int bit(byte neighbour, int centre, int position) {
        return (neighbour & 0xff) >= centre ? 1 << position : 0;
    }

    /** Maps each 8-bit code to its bin: the 58 codes with at most two 0/1 transitions in a circle, then the rest. */
    private static byte[] uniformBins() {
        byte[] bins = new byte[256];
        int next = 0;
        for (int code = 0; code < 256; code++) {
            int transitions = Integer.bitCount((code ^ ((code >>> 1) | ((code & 1) << 7))) & 0xff);
            bins[code] = (byte) (transitions <= 2 ? next++ : BINS - 1);
        }
        return bins;
    }

    @Override
    public int dimension() {
        return grid * grid * BINS;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public Calibration calibration() {
        return CALIBRATION;
    }

    @Override
    public boolean isThreadSafe() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
    }
}
