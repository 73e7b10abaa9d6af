package dev.facereel.onnx.internal;

import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OrtSession;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.FaceReelException;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * UltraFace (RFB-320 format) on ONNX Runtime: stretches the frame to the model input, keeps boxes whose face
 * probability passes the threshold and suppresses overlaps. No landmarks. Not thread-safe: it reuses its native
 * buffers from frame to frame.
 */
public final class UltraFaceDetector implements Detector {
    static final String NAME = "ultraface";
    static final String THRESHOLD = "threshold";
    static final String NMS = "nms";
    private static final String EXPECTED = "an UltraFace face detector (one input [1,3,H,W], 240x320 for RFB-320;"
            + " outputs [1,K,2] face probabilities and [1,K,4] corner boxes in 0..1)";
    private static final double SCALE = 1 / 128.0;
    private static final double OFFSET = -127.0 / 128.0;

    private final OnnxModel model;
    private final float threshold;
    private final float nms;
    private final int scoreOutput;
    private final int boxOutput;
    private final String modelId;
    private boolean closed;
    private final BgrMat frame = new BgrMat();
    private final PlanarTensor input;
    private final Mat resized = new Mat();
    private final Size inputSize;

    private UltraFaceDetector(OnnxModel model, float threshold, float nms) {
        this.model = model;
        this.threshold = threshold;
        this.nms = nms;
        long[] in = model.inputShape();
        List<long[]> outputs = model.outputShapes();
        if (in.length != 4 || (in[1] != 3 && in[1] > 0) || outputs.size() != 2) {
            throw model.mismatch();
        }
        int scores = -1;
        int boxes = -1;
        for (int i = 0; i < 2; i++) {
            long[] shape = outputs.get(i);
            long last = shape.length == 3 ? shape[2] : 0;
            if (last == 2) {
                scores = i;
            } else if (last == 4) {
                boxes = i;
            }
        }
        if (scores < 0 || boxes < 0) {
            throw model.mismatch();
        }
        this.scoreOutput = scores;
        this.boxOutput = boxes;
        int height = in[2] > 0 ? (int) in[2] : 240;
        int width = in[3] > 0 ? (int) in[3] : 320;
        this.inputSize = new Size(width, height);
        this.input = new PlanarTensor(model.environment(), width, height, true);
        this.modelId = model.describe() + ";input=" + width + "x" + height + ";threshold=" + threshold + ";nms=" + nms;
    }

    /**
     * Opens an UltraFace detector; options {@code threads}, {@code threshold}, {@code nms}.
     *
     * @throws InvalidInputException for a missing or unfit model file or a bad option
     */
    public static UltraFaceDetector open(ProviderConfig config) {
        Options options = new Options(NAME, config, Set.of(THRESHOLD, NMS));
        float threshold = options.fraction(THRESHOLD, 0.7f);
        float nms = options.fraction(NMS, 0.3f);
        OnnxModel model = OnnxModel.open(NAME, config.requireModel(NAME), options.threads(), EXPECTED);
        try {
            return new UltraFaceDetector(model, threshold, nms);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public List<Face> detect(Image image) {
        resize(frame.wrap(image), resized, inputSize);
        try (OrtSession.Result result = model.run(input.fill(resized, SCALE, OFFSET))) {
            FloatBuffer scores = OnnxModel.floats(result, scoreOutput);
            FloatBuffer boxes = OnnxModel.floats(result, boxOutput);
            int k = scores.remaining() / 2;
            if (boxes.remaining() != 4 * k) {
                throw new FaceReelException(modelId + ": " + k + " scores but " + boxes.remaining() / 4 + " boxes");
            }
            List<Face> candidates = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                float score = scores.get(2 * i + 1);
                if (!(score >= threshold)) { // also skips NaN
                    continue;
                }
                float x1 = boxes.get(4 * i) * image.width();
                float y1 = boxes.get(4 * i + 1) * image.height();
                float x2 = boxes.get(4 * i + 2) * image.width();
                float y2 = boxes.get(4 * i + 3) * image.height();
                BoundingBox box = new BoundingBox(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2),
                        Math.max(y1, y2)).clampTo(image.width(), image.height());
                if (box.area() > 0) {
                    candidates.add(new Face(box, Math.min(score, 1f)));
                }
            }
            return Nms.suppress(candidates, nms);
        }
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
        if (closed) {
            return;
        }
        closed = true;
        input.close();
        resized.close();
        inputSize.close();
        frame.close();
        model.close();
    }
}
