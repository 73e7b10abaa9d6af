package dev.facereel.onnx.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.split;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.facereel.spi.FaceReelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

/**
 * A {@code [1,3,H,W]} float input tensor whose three planes OpenCV writes straight into the direct buffer that
 * ONNX Runtime reads, so packing a frame costs one {@code convertTo} and one {@code split}. Not thread-safe.
 */
final class PlanarTensor implements AutoCloseable {
    private final int width;
    private final int height;
    private final FloatPointer[] planePointers = new FloatPointer[3];
    private final Mat[] planes = new Mat[3];
    private final MatVector channelTargets;
    private final Mat floats;
    private final OnnxTensor tensor;

    /**
     * @param rgb whether plane 0 holds red (true) or blue (false); the source is always BGR
     */
    PlanarTensor(OrtEnvironment env, int width, int height, boolean rgb) {
        this.width = width;
        this.height = height;
        int area = width * height;
        FloatBuffer buffer = ByteBuffer.allocateDirect(3 * area * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (int c = 0; c < 3; c++) {
            planePointers[c] = new FloatPointer(buffer.position(c * area).slice());
            planes[c] = new Mat(height, width, CV_32FC1, planePointers[c]);
        }
        buffer.rewind();
        // split() writes source channel i (B, G, R) into channelTargets[i].
        channelTargets = rgb ? new MatVector(planes[2], planes[1], planes[0]) : new MatVector(planes[0], planes[1], planes[2]);
        floats = new Mat(height, width, CV_32FC3);
        try {
            tensor = OnnxTensor.createTensor(env, buffer, new long[] {1, 3, height, width});
        } catch (OrtException e) {
            close();
            throw new FaceReelException("cannot allocate a " + width + "x" + height + " input tensor: " + e.getMessage(), e);
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    OnnxTensor tensor() {
        return tensor;
    }

    /** Fills the tensor with {@code bgr * scale + offset}; {@code bgr} is 8-bit BGR of this tensor's size. */
    OnnxTensor fill(Mat bgr, double scale, double offset) {
        bgr.convertTo(floats, CV_32FC3, scale, offset);
        split(floats, channelTargets);
        return tensor;
    }

    @Override
    public void close() {
        if (tensor != null) {
            tensor.close();
        }
        if (floats != null) {
            floats.close();
        }
        if (channelTargets != null) {
            channelTargets.close();
        }
        for (int c = 0; c < 3; c++) {
            if (planes[c] != null) {
                planes[c].close();
            }
            if (planePointers[c] != null) {
                planePointers[c].close();
            }
        }
    }
}
