/**
 * Internal, not API: OpenCV glue (image conversion, the Haar cascade detector and the LBP embedder) behind
 * {@link dev.facereel.core.OpenCvHaarProvider} and {@link dev.facereel.core.OpenCvLbpProvider}. Host applications
 * must not use these types; they may change in any release.
 */
package dev.facereel.core.internal.opencv;
