package dev.facereel.core.internal.stage.cluster;

import dev.facereel.core.internal.stage.StageChecks;
import java.util.List;

/**
 * One person: the tracks clustered together, how long they are on screen and which track gives their still.
 * Immutable.
 *
 * @param id the identity id, such as {@code p01}
 * @param trackIds the ids of the identity's tracks, at least one
 * @param screenTimeSeconds the union of the time its tracks cover
 * @param stillTrackId the track whose still represents the identity; one of {@code trackIds}
 * @throws IllegalArgumentException from the constructor when a value is out of range
 */
public record Identity(String id, List<String> trackIds, double screenTimeSeconds, String stillTrackId) {
    public Identity {
        StageChecks.requireId("identity", id);
        trackIds = List.copyOf(trackIds);
        if (trackIds.isEmpty()) {
            throw new IllegalArgumentException("identity " + id + " has no tracks");
        }
        if (!(screenTimeSeconds >= 0) || Double.isInfinite(screenTimeSeconds)) {
            throw new IllegalArgumentException("identity " + id + " screen time must be finite and not negative, got "
                    + screenTimeSeconds);
        }
        if (!trackIds.contains(stillTrackId)) {
            throw new IllegalArgumentException("identity " + id + " still track " + stillTrackId + " is not one of "
                    + trackIds);
        }
    }
}
