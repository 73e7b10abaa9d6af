package dev.facereel.core.internal.video;

import dev.facereel.spi.Image;
import java.util.Objects;

/** One decoded frame: its decode-order index, its time ({@code index / fps}) and its pixels. */
public record VideoFrame(int index, double timeSeconds, Image image) {
    public VideoFrame {
        if (index < 0) {
            throw new IllegalArgumentException("frame index must not be negative, got " + index);
        }
        Objects.requireNonNull(image, "image");
    }
}
