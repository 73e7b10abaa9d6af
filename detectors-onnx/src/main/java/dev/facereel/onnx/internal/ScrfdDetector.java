package dev.facereel.onnx.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Face;
import dev.facereel.spi.FaceReelException;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.Landmarks;
import dev.facereel.spi.ProviderConfig;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * SCRFD on ONNX Runtime: letterboxes the frame into an input whose long side is {@code input_size} (or the
 * model's fixed size), then decodes the three stride levels and suppresses overlaps. Thread-safe: each call
 * borrows a set of native buffers from a pool (one set per concurrent caller, see {@link Letterbox}) and runs the
 * one shared session.
 */
public final class ScrfdDetector extends LetterboxDetector {
    static final String NAME = "scrfd";
    private static final String EXPECTED = "an SCRFD face detector (one input [1,3,H,W]; 6 or 9 outputs shaped"
            + " [N,1] scores, [N,4] box distances and optionally [N,10] keypoint offsets for strides 8, 16 and 32)";
    private static final int LEVELS = 3;
    private static final double SCALE = 1 / 128.0;
    private static final double OFFSET = -127.5 / 128.0;

    private final int[] scoreOutputs;
    private final int[] boxOutputs;
    private final int[] keypointOutputs;

    /**
     * What {@link #prepare} made of one frame: the filled input tensor and how to map back to the frame. Closing
     * it hands its buffers back for the next frame.
     */
    public static final class Prepared implements AutoCloseable {
        private final Letterbox.Frame frame;

        private Prepared(Letterbox.Frame frame) {
            this.frame = frame;
        }

        public OnnxTensor tensor() {
            return frame.tensor();
        }

        public int inputWidth() {
            return frame.inputWidth();
        }

        public int inputHeight() {
            return frame.inputHeight();
        }

        @Override
        public void close() {
            frame.close();
        }
    }

    private ScrfdDetector(OnnxModel model, Settings settings) {
        super(model, settings, true, SCALE, OFFSET);
        List<Integer> scores = new ArrayList<>();
        List<Integer> boxes = new ArrayList<>();
        List<Integer> keypoints = new ArrayList<>();
        List<long[]> outputs = model.outputShapes();
        for (int i = 0; i < outputs.size(); i++) {
            long[] shape = outputs.get(i);
            boolean batchOfOne = shape.length == 2 || (shape.length == 3 && shape[0] <= 1);
            long last = shape[shape.length - 1];
            List<Integer> group = !batchOfOne ? null : last == 1 ? scores : last == 4 ? boxes : last == 10 ? keypoints : null;
            if (group == null) {
                throw model.mismatch();
            }
            group.add(i);
        }
        if (scores.size() != LEVELS || boxes.size() != LEVELS || (!keypoints.isEmpty() && keypoints.size() != LEVELS)) {
            throw model.mismatch();
        }
        this.scoreOutputs = scores.stream().mapToInt(Integer::intValue).toArray();
        this.boxOutputs = boxes.stream().mapToInt(Integer::intValue).toArray();
        this.keypointOutputs = keypoints.isEmpty() ? null : keypoints.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Opens an SCRFD detector; options {@code threads}, {@code input_size}, {@code threshold}, {@code nms}.
     *
     * @throws InvalidInputException for a missing or unfit model file or a bad option
     */
    public static ScrfdDetector open(ProviderConfig config) {
        return open(NAME, config, EXPECTED, 0.5f, 0.4f, ScrfdDetector::new);
    }

    @Override
    public List<Face> detect(Image image) {
        try (Prepared prepared = prepare(image); OrtSession.Result result = infer(prepared)) {
            return decode(prepared, result);
        }
    }

    /** Letterboxes the frame into an input tensor; the caller closes the result before the detector. */
    public Prepared prepare(Image image) {
        return new Prepared(letterbox(image));
    }

    /** Runs the model alone on a prepared tensor; the caller closes the result. */
    public OrtSession.Result infer(Prepared prepared) {
        return model.run(prepared.tensor());
    }

    /** The faces in a model result, mapped back to the frame, best score first. */
    public List<Face> decode(Prepared prepared, OrtSession.Result result) {
        List<Face> candidates = new ArrayList<>();
        for (int level = 0; level < LEVELS; level++) {
            int stride = 8 << level;
            int cols = prepared.inputWidth() / stride;
            int cells = cols * (prepared.inputHeight() / stride);
            FloatBuffer scores = OnnxModel.floats(result, scoreOutputs[level]);
            FloatBuffer boxes = OnnxModel.floats(result, boxOutputs[level]);
            FloatBuffer keypoints = keypointOutputs == null ? null : OnnxModel.floats(result, keypointOutputs[level]);
            int n = scores.remaining();
            if (n == 0 || n % cells != 0 || boxes.remaining() != 4 * n) {
                throw new FaceReelException(modelId() + ": stride " + stride + " gave " + n + " scores for "
                        + cells + " cells of a " + prepared.inputWidth() + "x" + prepared.inputHeight() + " input");
            }
            int anchors = n / cells;
            for (int k = 0; k < n; k++) {
                float score = scores.get(k);
                if (!(score >= threshold)) { // also skips NaN
                    continue;
                }
                int cell = k / anchors;
                float cx = (cell % cols) * stride;
                float cy = (cell / cols) * stride;
                Face face = face(prepared, stride, cx, cy, Math.min(score, 1f), boxes, keypoints, k);
                if (face != null) {
                    candidates.add(face);
                }
            }
        }
        return Nms.suppress(candidates, nms);
    }

    private static Face face(Prepared p, int stride, float cx, float cy, float score, FloatBuffer boxes,
            FloatBuffer keypoints, int k) {
        float s = p.frame.scale();
        float x1 = (cx - boxes.get(4 * k) * stride) / s;
        float y1 = (cy - boxes.get(4 * k + 1) * stride) / s;
        float x2 = (cx + boxes.get(4 * k + 2) * stride) / s;
        float y2 = (cy + boxes.get(4 * k + 3) * stride) / s;
        BoundingBox box = new BoundingBox(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2))
                .clampTo(p.frame.imageWidth(), p.frame.imageHeight());
        if (box.area() <= 0) {
            return null;
        }
        Landmarks landmarks = null;
        if (keypoints != null) {
            float[] xy = new float[10];
            for (int i = 0; i < 10; i += 2) {
                xy[i] = (cx + keypoints.get(10 * k + i) * stride) / s;
                xy[i + 1] = (cy + keypoints.get(10 * k + i + 1) * stride) / s;
            }
            landmarks = new Landmarks(xy);
        }
        return new Face(box, score, landmarks);
    }
}
