/**
 * ONNX Runtime face providers, found by {@link java.util.ServiceLoader}: the {@code scrfd}, {@code yunet} and
 * {@code ultraface} detectors ({@link dev.facereel.onnx.ScrfdDetectorProvider},
 * {@link dev.facereel.onnx.YunetDetectorProvider}, {@link dev.facereel.onnx.UltraFaceDetectorProvider})
 * and the {@code arcface} embedder ({@link dev.facereel.onnx.ArcFaceEmbedderProvider}). Each takes the path of an
 * ONNX model file; the caller supplies the model.
 */
package dev.facereel.onnx;
