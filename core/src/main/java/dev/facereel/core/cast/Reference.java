package dev.facereel.core.cast;

import java.util.Objects;

/**
 * One reference embedding of a person, stamped with the model that made it: vectors of different models are never
 * compared. It came either from a track the user named ({@code episode} and {@code track} set) or from a reference
 * photo ({@code photo} set, a path relative to the data root); either can be embedded again by another model.
 * Immutable: the vector is copied on the way in and out.
 *
 * @throws IllegalArgumentException from the constructor when the vector is empty or not finite, or the source is
 *                                  neither or both
 */
public record Reference(String modelId, float[] vector, String episode, TrackAnchor track, String photo) {
    public Reference {
        Objects.requireNonNull(modelId, "modelId");
        vector = vector.clone();
        if (vector.length == 0) {
            throw new IllegalArgumentException("a reference vector is empty");
        }
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("a reference vector holds " + v);
            }
        }
        if ((photo == null) == (episode == null || track == null)) {
            throw new IllegalArgumentException("a reference comes from a named track (episode and track) or from a "
                    + "photo, one of the two");
        }
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    /** Whether this reference came from a reference photo. */
    public boolean fromPhoto() {
        return photo != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reference r && modelId.equals(r.modelId) && java.util.Arrays.equals(vector, r.vector)
                && Objects.equals(episode, r.episode) && Objects.equals(track, r.track)
                && Objects.equals(photo, r.photo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelId, java.util.Arrays.hashCode(vector), episode, track, photo);
    }

    @Override
    public String toString() {
        return "Reference[" + modelId + ", " + (photo != null ? photo : episode + "/" + track.trackId()) + "]";
    }
}
