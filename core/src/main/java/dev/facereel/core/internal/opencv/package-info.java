/**
 * Internal, not API: the model-free default providers {@code opencv-haar} ({@link
 * dev.facereel.core.internal.opencv.OpenCvHaarProvider}) and {@code opencv-lbp} ({@link
 * dev.facereel.core.internal.opencv.OpenCvLbpProvider}), found through {@code ServiceLoader}, and their OpenCV glue.
 * Host applications name them ({@code "opencv-haar"}) instead of using these types, which may change in any release.
 */
package dev.facereel.core.internal.opencv;
