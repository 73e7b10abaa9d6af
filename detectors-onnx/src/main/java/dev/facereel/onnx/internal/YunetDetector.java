package dev.facereel.onnx.internal;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * YuNet (libfacedetection, the OpenCV Zoo detector family) on ONNX Runtime: letterboxes the raw BGR frame (no
 * normalisation) into an input whose long side is {@code input_size} (or the model's fixed size), decodes the
 * three stride levels as OpenCV's {@code FaceDetectorYN} does and suppresses overlaps. Thread-safe: each call
 * borrows a set of native buffers from a pool (one set per concurrent caller, see {@link Letterbox}) and runs the
 * one shared session.
 */
public final class YunetDetector extends LetterboxDetector {
    static final String NAME = "yunet";
    /**
     * Scores are sqrt(cls x obj). 0.7 keeps every labelled face of the test photos (the lowest scores 0.92) and drops
     * the hands and cut-off faces YuNet scores 0.6 to 0.65 in the synthetic episode.
     */
    static final float DEFAULT_THRESHOLD = 0.7f;
    static final float DEFAULT_NMS = 0.3f;
    private static final String EXPECTED = "a YuNet face detector (one input [N,3,H,W] taking BGR 0..255; twelve"
            + " outputs cls_S [N,HW,1], obj_S [N,HW,1], bbox_S [N,HW,4] and kps_S [N,HW,10] for strides S = 8, 16"
            + " and 32)";
    private static final int[] STRIDES = {8, 16, 32};
    /** Each kind of output and the size of its last dimension. */
    private static final Map<String, Integer> KINDS = Map.of("cls", 1, "obj", 1, "bbox", 4, "kps", 10);

    private final int[] cls = new int[STRIDES.length];
    private final int[] obj = new int[STRIDES.length];
    private final int[] bbox = new int[STRIDES.length];
    private final int[] kps = new int[STRIDES.length];

    private YunetDetector(OnnxModel model, Settings settings) {
        super(model, settings, false, 1, 0);
        identifyOutputs();
    }

    /** Finds {@code cls_8} … {@code kps_32} by name, each checked by its shape: [N,HW,k] with N at most 1. */
    private void identifyOutputs() {
        List<String> names = model.outputNames();
        List<long[]> shapes = model.outputShapes();
        if (names.size() != KINDS.size() * STRIDES.length) {
            throw model.mismatch();
        }
        for (int[] slots : new int[][] {cls, obj, bbox, kps}) {
            Arrays.fill(slots, -1);
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int cut = name.lastIndexOf('_');
            Integer last = cut < 0 ? null : KINDS.get(name.substring(0, cut));
            int level = cut < 0 ? -1 : level(name.substring(cut + 1));
            long[] shape = shapes.get(i);
            if (last == null || level < 0 || shape.length != 3 || shape[0] > 1 || shape[2] != last) {
                throw model.mismatch();
            }
            int[] slots = switch (name.substring(0, cut)) {
                case "cls" -> cls;
                case "obj" -> obj;
                case "bbox" -> bbox;
                default -> kps;
            };
            if (slots[level] >= 0) {
                throw model.mismatch();
            }
            slots[level] = i;
        }
    }

    private static int level(String stride) {
        for (int l = 0; l < STRIDES.length; l++) {
            if (stride.equals(Integer.toString(STRIDES[l]))) {
                return l;
            }
        }
        return -1;
    }

    /**
     * Opens a YuNet detector; options {@code threads}, {@code input_size}, {@code threshold}, {@code nms}.
     *
     * @throws InvalidInputException for a missing or unfit model file or a bad option
     */
    public static YunetDetector open(ProviderConfig config) {
        return open(NAME, config, EXPECTED, DEFAULT_THRESHOLD, DEFAULT_NMS, YunetDetector::new);
    }

    @Override
    public List<Face> detect(Image image) {
        try (Letterbox.Frame frame = letterbox(image); OrtSession.Result result = model.run(frame.tensor())) {
            return decode(frame, result);
        }
    }

    private List<Face> decode(Letterbox.Frame frame, OrtSession.Result result) {
        List<Face> candidates = new ArrayList<>();
        for (int level = 0; level < STRIDES.length; level++) {
            int stride = STRIDES[level];
            int cols = frame.inputWidth() / stride;
            int cells = cols * (frame.inputHeight() / stride);
            FloatBuffer c = OnnxModel.floats(result, cls[level]);
            FloatBuffer o = OnnxModel.floats(result, obj[level]);
            FloatBuffer b = OnnxModel.floats(result, bbox[level]);
            FloatBuffer k = OnnxModel.floats(result, kps[level]);
            if (c.remaining() != cells || o.remaining() != cells || b.remaining() != 4 * cells
                    || k.remaining() != 10 * cells) {
                throw new FaceReelException(modelId() + ": stride " + stride + " gave " + c.remaining() + " scores for "
                        + cells + " cells of a " + frame.inputWidth() + "x" + frame.inputHeight() + " input");
            }
            for (int cell = 0; cell < cells; cell++) {
                float score = (float) Math.sqrt(clamp(c.get(cell)) * clamp(o.get(cell)));
                if (!(score >= threshold)) { // also skips NaN
                    continue;
                }
                Face face = face(frame, stride, cell % cols, cell / cols, score, b, k, cell);
                if (face != null) {
                    candidates.add(face);
                }
            }
        }
        return Nms.suppress(candidates, nms);
    }

    private static float clamp(float v) {
        return Math.min(1f, Math.max(0f, v));
    }

    private static Face face(Letterbox.Frame f, int stride, int col, int row, float score, FloatBuffer boxes,
            FloatBuffer keypoints, int cell) {
        float s = f.scale();
        float cx = (col + boxes.get(4 * cell)) * stride;
        float cy = (row + boxes.get(4 * cell + 1)) * stride;
        float w = (float) Math.exp(boxes.get(4 * cell + 2)) * stride;
        float h = (float) Math.exp(boxes.get(4 * cell + 3)) * stride;
        if (!Float.isFinite(cx) || !Float.isFinite(cy) || !Float.isFinite(w) || !Float.isFinite(h)) {
            return null;
        }
        BoundingBox box = new BoundingBox((cx - w / 2) / s, (cy - h / 2) / s, (cx + w / 2) / s, (cy + h / 2) / s)
                .clampTo(f.imageWidth(), f.imageHeight());
        if (box.area() <= 0) {
            return null;
        }
        float[] xy = new float[10];
        for (int i = 0; i < 10; i += 2) {
            xy[i] = (col + keypoints.get(10 * cell + i)) * stride / s;
            xy[i + 1] = (row + keypoints.get(10 * cell + i + 1)) * stride / s;
            if (!Float.isFinite(xy[i]) || !Float.isFinite(xy[i + 1])) {
                return null;
            }
        }
        return new Face(box, score, new Landmarks(xy));
    }
}
