package dev.facereel.onnx.internal;

import static org.bytedeco.opencv.global.opencv_calib3d.RANSAC;
import static org.bytedeco.opencv.global.opencv_calib3d.estimateAffinePartial2D;
import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.CV_64FC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import ai.onnxruntime.OrtSession;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Calibration;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.FaceReelException;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * An ArcFace-family embedder on ONNX Runtime. Each face is warped onto the standard 112x112 ArcFace template by
 * the similarity transform that best maps its five landmarks there, or, without landmarks (or with
 * {@code align=false}), cropped as the square around its box. Thread-safe: each call borrows a set of native buffers
 * from a pool (one set per concurrent caller) and runs the one shared session.
 */
public final class ArcFaceEmbedder implements Embedder {
    static final String NAME = "arcface";
    static final String ALIGN = "align";
    static final String MEAN = "mean";
    static final String STD = "std";
    static final String CHANNELS = "channels";
    /**
     * Measured with MobileFaceNet, aligned, by {@code ./bench calibrate} (README, "How the thresholds were
     * calibrated"): on the shared photos, left out one at a time, a face's own person scores at least 0.60 and
     * any other person at most 0.16, so every threshold from 0.20 to 0.60 names every face right and none wrong;
     * 0.50 keeps 0.10 below the lowest genuine score and stays above the highest impostor pair (0.47) seen on
     * harder data. Clustering at 0.30 to 0.50 gives both synthetic episodes their people, purely.
     */
    static final Calibration CALIBRATION = new Calibration(0.45, 0.50, 0.10);
    private static final String EXPECTED = "an ArcFace-family embedder (one input [1,3,112,112]; one output [1,D])";
    private static final int SIDE = 112;
    /** Where the ArcFace template puts the eyes, nose tip and mouth corners in a 112x112 crop. */
    private static final float[] TEMPLATE = {
        38.2946f, 51.6963f, 73.5318f, 51.5014f, 56.0252f, 71.7366f, 41.5493f, 92.3655f, 70.7299f, 92.2041f};
    /** Template pixels a landmark may miss by and still count in the fit: all five always count. */
    private static final double REPROJECTION_LIMIT = SIDE;

    private final OnnxModel model;
    private final boolean align;
    private final float mean;
    private final float std;
    private final int dimension;
    private final String modelId;
    private final boolean rgb;
    private boolean closed;
    private final Buffers<Workspace> workspaces = new Buffers<>(Workspace::new);

    private ArcFaceEmbedder(OnnxModel model, boolean align, float mean, float std, String channels) {
        this.model = model;
        this.align = align;
        this.mean = mean;
        this.std = std;
        long[] in = model.inputShape();
        List<long[]> outputs = model.outputShapes();
        if (in.length != 4 || (in[1] != 3 && in[1] > 0) || (in[2] != SIDE && in[2] > 0) || (in[3] != SIDE && in[3] > 0)
                || outputs.size() != 1 || outputs.get(0).length != 2 || outputs.get(0)[1] <= 0) {
            throw model.mismatch();
        }
        this.dimension = (int) outputs.get(0)[1];
        this.rgb = channels.equals("rgb");
        this.modelId = model.describe() + ";align=" + align + ";mean=" + mean + ";std=" + std + ";channels=" + channels;
    }

    /**
     * Opens an ArcFace-family embedder; options {@code threads}, {@code align}, {@code mean}, {@code std},
     * {@code channels}.
     *
     * @throws InvalidInputException for a missing or unfit model file or a bad option
     */
    public static ArcFaceEmbedder open(ProviderConfig config) {
        Options options = new Options(NAME, config, Set.of(ALIGN, MEAN, STD, CHANNELS));
        boolean align = options.flag(ALIGN, true);
        float mean = options.number(MEAN, 127.5f);
        float std = options.nonZero(STD, 127.5f);
        String channels = options.choice(CHANNELS, "rgb", Set.of("rgb", "bgr"));
        OnnxModel model = OnnxModel.open(NAME, config.requireModel(NAME), options.threads(), EXPECTED);
        try {
            return new ArcFaceEmbedder(model, align, mean, std, channels);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public float[] embed(Image image, Face face) {
        Workspace w = workspaces.borrow();
        try {
            return w.embed(image, face);
        } finally {
            workspaces.giveBack(w);
        }
    }

    @Override
    public int dimension() {
        return dimension;
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
        if (closed) {
            return;
        }
        closed = true;
        workspaces.close();
        model.close();
    }

    /** The native buffers one face is aligned and packed in. */
    private final class Workspace implements AutoCloseable {
        private final BgrMat frame = new BgrMat();
        private final PlanarTensor input = new PlanarTensor(model.environment(), SIDE, SIDE, rgb);
        private final FloatPointer landmarkValues = new FloatPointer(10);
        private final Mat landmarks = new Mat(5, 1, CV_32FC2, landmarkValues);
        private final FloatPointer templateValues = new FloatPointer(TEMPLATE);
        private final Mat template = new Mat(5, 1, CV_32FC2, templateValues);
        private final DoublePointer cropValues = new DoublePointer(6);
        private final Mat crop = new Mat(2, 3, CV_64FC1, cropValues);
        private final Mat inliers = new Mat();
        private final Mat aligned = new Mat();
        private final Size size = new Size(SIDE, SIDE);
        private final Scalar black = Scalar.all(0);

        float[] embed(Image image, Face face) {
            Mat transform = transform(face);
            try {
                warpAffine(frame.wrap(image), aligned, transform, size, INTER_LINEAR, BORDER_CONSTANT, black);
            } finally {
                if (transform != crop) {
                    transform.close();
                }
            }
            try (OrtSession.Result result = model.run(input.fill(aligned, 1.0 / std, -mean / std))) {
                FloatBuffer out = OnnxModel.floats(result, 0);
                if (out.remaining() != dimension) {
                    throw new FaceReelException(modelId + ": expected " + dimension + " values, got " + out.remaining());
                }
                float[] v = new float[dimension];
                out.get(v);
                double sum = 0;
                for (float x : v) {
                    sum += x * x;
                }
                double norm = Math.sqrt(sum);
                if (!(norm > 0) || !Double.isFinite(norm)) {
                    throw new FaceReelException(modelId + ": the embedding has no direction (norm " + norm + ")");
                }
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (v[i] / norm);
                }
                return v;
            }
        }

        /** The 2x3 matrix taking frame pixels to the 112x112 input. */
        private Mat transform(Face face) {
            if (align && face.landmarks() != null && face.landmarks().count() == 5) {
                landmarkValues.put(face.landmarks().xy());
                Mat similarity = estimateAffinePartial2D(landmarks, template, inliers, RANSAC, REPROJECTION_LIMIT, 2000,
                        0.99, 10);
                if (!similarity.empty()) {
                    return similarity;
                }
                similarity.close();
            }
            BoundingBox box = face.box();
            float side = Math.max(1f, Math.max(box.width(), box.height()));
            double s = SIDE / side;
            cropValues.put(s, 0, -(box.centerX() - side / 2) * s, 0, s, -(box.centerY() - side / 2) * s);
            return crop;
        }

        @Override
        public void close() {
            input.close();
            for (Pointer p : new Pointer[] {landmarks, landmarkValues, template, templateValues, crop, cropValues,
                    inliers, aligned, size, black}) {
                p.close();
            }
            frame.close();
        }
    }
}
