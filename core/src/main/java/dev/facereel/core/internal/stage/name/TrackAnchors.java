package dev.facereel.core.internal.stage.name;

import dev.facereel.core.cast.TrackAnchor;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.track.Track;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the tracks that edits name among an episode's current tracks. A track is its earlier self when it has the
 * same id, span and first box; after detect or track ran anew, the current track whose frame span overlaps the
 * anchor's most (intersection over union of the spans, at least {@value #MIN_SPAN_OVERLAP}) with a face box that
 * overlaps the anchor's first box (box IoU at the nearest frame, at least {@value #MIN_BOX_OVERLAP}); the product
 * of the two decides between candidates.
 */
public final class TrackAnchors {
    static final double MIN_SPAN_OVERLAP = 0.5;
    static final double MIN_BOX_OVERLAP = 0.3;

    private final Map<String, Track> byId = new LinkedHashMap<>();

    public TrackAnchors(Collection<Track> tracks) {
        tracks.forEach(t -> byId.put(t.id(), t));
    }

    /** The anchor of a current track. */
    public static TrackAnchor of(Track track) {
        return new TrackAnchor(track.id(), track.firstFrame(), track.lastFrame(), track.faces().get(0).box());
    }

    /** The current track the anchor names, if any. */
    public Optional<Track> find(TrackAnchor anchor) {
        Track same = byId.get(anchor.trackId());
        if (same != null && same.firstFrame() == anchor.firstFrame() && same.lastFrame() == anchor.lastFrame()
                && same.faces().get(0).box().iou(anchor.firstBox()) >= MIN_BOX_OVERLAP) {
            return Optional.of(same);
        }
        Track best = null;
        double bestScore = 0;
        for (Track t : byId.values()) {
            double span = spanOverlap(t, anchor);
            if (span < MIN_SPAN_OVERLAP) {
                continue;
            }
            double box = nearestFace(t, anchor.firstFrame()).box().iou(anchor.firstBox());
            if (box >= MIN_BOX_OVERLAP && span * box > bestScore) {
                best = t;
                bestScore = span * box;
            }
        }
        return Optional.ofNullable(best);
    }

    private static double spanOverlap(Track t, TrackAnchor a) {
        int inter = Math.min(t.lastFrame(), a.lastFrame()) - Math.max(t.firstFrame(), a.firstFrame()) + 1;
        if (inter <= 0) {
            return 0;
        }
        int union = Math.max(t.lastFrame(), a.lastFrame()) - Math.min(t.firstFrame(), a.firstFrame()) + 1;
        return (double) inter / union;
    }

    private static FaceRecord nearestFace(Track t, int frame) {
        FaceRecord nearest = t.faces().get(0);
        for (FaceRecord f : t.faces()) {
            if (Math.abs(f.frame() - frame) < Math.abs(nearest.frame() - frame)) {
                nearest = f;
            }
        }
        return nearest;
    }
}
