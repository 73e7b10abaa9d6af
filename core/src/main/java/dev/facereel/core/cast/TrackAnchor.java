package dev.facereel.core.cast;

import dev.facereel.spi.BoundingBox;
import java.util.Objects;

/**
 * How an edit finds a track again after detect or track ran anew and numbered tracks differently: the track's id
 * then, its frame span and its face box in its first frame. Immutable.
 *
 * @throws IllegalArgumentException from the constructor when the span is empty or negative
 */
public record TrackAnchor(String trackId, int firstFrame, int lastFrame, BoundingBox firstBox) {
    public TrackAnchor {
        Objects.requireNonNull(trackId, "trackId");
        Objects.requireNonNull(firstBox, "firstBox");
        if (firstFrame < 0 || lastFrame < firstFrame) {
            throw new IllegalArgumentException("track " + trackId + " spans frames " + firstFrame + ".." + lastFrame);
        }
    }
}
