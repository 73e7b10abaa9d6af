package dev.facereel.onnx.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.facereel.spi.Image;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Frames scaled, with their aspect ratio kept, into the top left of a black input whose sides are multiples of 32,
 * and packed as a planar float tensor ({@code px * scale + offset}, RGB or BGR planes): the input of the
 * stride-8/16/32 detectors (SCRFD, YuNet). Thread-safe: each frame borrows a set of native buffers from a pool (one
 * set per concurrent caller) and gives it back when its {@link Frame} is closed.
 */
final class Letterbox implements AutoCloseable {
    static final int ALIGN = 32;

    private final OrtEnvironment env;
    private final boolean rgb;
    private final double scale;
    private final double offset;
    private final Buffers<Workspace> workspaces = new Buffers<>(Workspace::new);

    /**
     * @param rgb whether the tensor's plane 0 is red (true) or blue (false)
     * @param scale what each 0..255 channel value is multiplied by
     * @param offset what is added after that
     */
    Letterbox(OrtEnvironment env, boolean rgb, double scale, double offset) {
        this.env = env;
        this.rgb = rgb;
        this.scale = scale;
        this.offset = offset;
    }

    /**
     * The input size, {width, height}, for a frame: the long side becomes {@code longSide} and the short side the
     * smallest multiple of 32 that holds the scaled frame.
     */
    static int[] inputSize(int width, int height, int longSide) {
        if (width >= height) {
            return new int[] {longSide, roundUp(Math.ceil((double) height * longSide / width))};
        }
        return new int[] {roundUp(Math.ceil((double) width * longSide / height)), longSide};
    }

    private static int roundUp(double v) {
        return Math.max(ALIGN, (int) Math.ceil(v / ALIGN) * ALIGN);
    }

    /** The image letterboxed into a {@code width x height} tensor; the caller closes the frame. */
    Frame letterbox(Image image, int width, int height) {
        double s = Math.min((double) width / image.width(), (double) height / image.height());
        int w = Math.max(1, Math.min(width, (int) Math.round(image.width() * s)));
        int h = Math.max(1, Math.min(height, (int) Math.round(image.height() * s)));
        Workspace workspace = workspaces.borrow();
        try {
            workspace.letterbox(image, width, height, w, h);
        } catch (RuntimeException e) {
            workspaces.giveBack(workspace);
            throw e;
        }
        return new Frame(workspace, (float) s, image.width(), image.height());
    }

    /** Releases every buffer set; only call it when no frame is in use. */
    @Override
    public void close() {
        workspaces.close();
    }

    /** One letterboxed frame: the filled tensor and how to map input pixels back to the frame. */
    final class Frame implements AutoCloseable {
        private final Workspace workspace;
        private final float scale;
        private final int imageWidth;
        private final int imageHeight;

        private Frame(Workspace workspace, float scale, int imageWidth, int imageHeight) {
            this.workspace = workspace;
            this.scale = scale;
            this.imageWidth = imageWidth;
            this.imageHeight = imageHeight;
        }

        OnnxTensor tensor() {
            return workspace.input.tensor();
        }

        int inputWidth() {
            return workspace.input.width();
        }

        int inputHeight() {
            return workspace.input.height();
        }

        /** Input pixels per frame pixel. */
        float scale() {
            return scale;
        }

        int imageWidth() {
            return imageWidth;
        }

        int imageHeight() {
            return imageHeight;
        }

        /** Hands the buffers back for the next frame. */
        @Override
        public void close() {
            workspaces.giveBack(workspace);
        }
    }

    /** The native buffers one frame is letterboxed and packed in. */
    private final class Workspace implements AutoCloseable {
        private final BgrMat frame = new BgrMat();
        private final Scalar black = Scalar.all(0);
        private PlanarTensor input;
        private Mat padded;
        private Mat roi;
        private Size roiSize;

        /** Scales the image to {@code w x h} into the top left of a black {@code width x height} input. */
        void letterbox(Image image, int width, int height, int w, int h) {
            if (input == null || input.width() != width || input.height() != height) {
                releaseInput();
                input = new PlanarTensor(env, width, height, rgb);
                padded = new Mat(height, width, CV_8UC3, black);
            }
            if (roi == null || roi.cols() != w || roi.rows() != h) {
                if (roi != null) {
                    releaseRoi();
                    padded.put(black);
                }
                try (Rect rect = new Rect(0, 0, w, h)) {
                    roi = padded.apply(rect);
                }
                roiSize = new Size(w, h);
            }
            resize(frame.wrap(image), roi, roiSize);
            input.fill(padded, scale, offset);
        }

        @Override
        public void close() {
            releaseInput();
            frame.close();
            black.close();
        }

        private void releaseRoi() {
            roi.close();
            roi = null;
            roiSize.close();
            roiSize = null;
        }

        private void releaseInput() {
            if (roi != null) {
                releaseRoi();
            }
            if (padded != null) {
                padded.close();
                padded = null;
            }
            if (input != null) {
                input.close();
                input = null;
            }
        }
    }
}
