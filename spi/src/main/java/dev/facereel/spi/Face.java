package dev.facereel.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * One detected face: its box, the detector's confidence in {@code [0,1]}, and landmarks when the model
 * gives them ({@code null} otherwise; see {@link #keypoints()}).
 *
 * @throws IllegalArgumentException from the constructor when the score is outside {@code [0,1]}
 */
public record Face(BoundingBox box, float score, Landmarks landmarks) {
    public Face {
        Objects.requireNonNull(box, "box");
        if (!(score >= 0f && score <= 1f)) {
            throw new IllegalArgumentException("face score must be in [0,1], got " + score);
        }
    }

    public Face(BoundingBox box, float score) {
        this(box, score, null);
    }

    /** The landmarks, if the detector reported them. */
    public Optional<Landmarks> keypoints() {
        return Optional.ofNullable(landmarks);
    }
}
