package dev.facereel.onnx.internal;

import dev.facereel.spi.Detector;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;
import java.util.Set;

/**
 * What the stride-8/16/32 detectors (SCRFD, YuNet) share: the options {@code input_size}, {@code threshold} and
 * {@code nms}; one ONNX session whose input is [1,3,H,W] with H and W fixed multiples of 32 or free; each frame
 * letterboxed into that input by a {@link Letterbox}; and a model id made of the model and those settings.
 * Thread-safe as long as the subclass's decoding is.
 */
abstract class LetterboxDetector implements Detector {
    static final String INPUT_SIZE = "input_size";
    static final String THRESHOLD = "threshold";
    static final String NMS = "nms";

    /** The options read and checked: the input's long side (when the model's size is free), threshold and NMS. */
    record Settings(int longSide, float threshold, float nms) {
    }

    /** Makes the detector once its model is open; may throw when the model's outputs do not fit. */
    @FunctionalInterface
    interface Factory<D extends LetterboxDetector> {
        D make(OnnxModel model, Settings settings);
    }

    final OnnxModel model;
    final float threshold;
    final float nms;
    private final int longSide;
    private final int fixedWidth;
    private final int fixedHeight;
    private final String modelId;
    private final Letterbox letterbox;
    private boolean closed;

    /**
     * @param rgb whether the model takes RGB planes (true) or BGR (false)
     * @param scale what each 0..255 channel value is multiplied by
     * @param offset what is added after that
     * @throws InvalidInputException when the model's input is not [1,3,H,W] with H and W multiples of 32 or free
     */
    LetterboxDetector(OnnxModel model, Settings settings, boolean rgb, double scale, double offset) {
        this.model = model;
        this.threshold = settings.threshold();
        this.nms = settings.nms();
        this.longSide = settings.longSide();
        long[] in = model.inputShape();
        if (in.length != 4 || (in[1] != 3 && in[1] > 0) || in[0] > 1) {
            throw model.mismatch();
        }
        boolean fixed = in[2] > 0 && in[3] > 0;
        if (fixed && (in[2] % Letterbox.ALIGN != 0 || in[3] % Letterbox.ALIGN != 0)) {
            throw model.mismatch();
        }
        this.fixedHeight = fixed ? (int) in[2] : 0;
        this.fixedWidth = fixed ? (int) in[3] : 0;
        this.modelId = model.describe() + ";input=" + (fixed ? fixedWidth + "x" + fixedHeight : longSide)
                + ";threshold=" + threshold + ";nms=" + nms;
        this.letterbox = new Letterbox(model.environment(), rgb, scale, offset);
    }

    /**
     * Reads the options (and {@code threads}), opens the model and makes the detector, closing the model when that
     * fails.
     *
     * @throws InvalidInputException for a missing or unfit model file or a bad option
     */
    static <D extends LetterboxDetector> D open(String name, ProviderConfig config, String expected,
            float defaultThreshold, float defaultNms, Factory<D> factory) {
        Options options = new Options(name, config, Set.of(INPUT_SIZE, THRESHOLD, NMS));
        int longSide = options.intAtLeast(INPUT_SIZE, 640, Letterbox.ALIGN);
        if (longSide % Letterbox.ALIGN != 0) {
            throw new InvalidInputException("option '" + INPUT_SIZE
                    + "' must be a multiple of 32, got '" + longSide + "'");
        }
        Settings settings = new Settings(longSide, options.fraction(THRESHOLD, defaultThreshold),
                options.fraction(NMS, defaultNms));
        OnnxModel model = OnnxModel.open(name, config.requireModel(name), options.threads(), expected);
        try {
            return factory.make(model, settings);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The image letterboxed into the model's input; the caller closes the frame. */
    final Letterbox.Frame letterbox(Image image) {
        int[] size = fixedWidth > 0 ? new int[] {fixedWidth, fixedHeight}
                : Letterbox.inputSize(image.width(), image.height(), longSide);
        return letterbox.letterbox(image, size[0], size[1]);
    }

    @Override
    public final int maxInputSide() {
        return fixedWidth > 0 ? Math.max(fixedWidth, fixedHeight) : longSide;
    }

    @Override
    public final String modelId() {
        return modelId;
    }

    @Override
    public final boolean isThreadSafe() {
        return true;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        letterbox.close();
        model.close();
    }
}
