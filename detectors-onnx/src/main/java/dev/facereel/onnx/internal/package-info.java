/**
 * The ONNX Runtime and OpenCV code behind the providers in {@code dev.facereel.onnx}. Not API: nothing here is
 * covered by compatibility promises, and a host application should reach these classes only through
 * {@link dev.facereel.spi.DetectorProvider} and {@link dev.facereel.spi.EmbedderProvider}.
 */
package dev.facereel.onnx.internal;
