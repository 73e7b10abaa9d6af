package dev.facereel.core.internal.stage;

import java.util.Locale;

/**
 * Who counts as cast rather than as incidental: an identity with at least {@code minFaces} good faces (those that
 * pass the {@link FaceFilter}), on screen at least {@code minScreenTimeSeconds} or at least {@code minScreenShare}
 * of the episode's length (whichever is less), with at least one face of quality {@code minQuality} or more, and at
 * least one track that is not low-quality. Everyone else is listed as incidental; nobody is dropped. Immutable.
 *
 * <p>Defaults: 3 good faces (Immich asks for 3 faces a person), 4 s or 10% of the episode (Azure Video Indexer's
 * rule for a face group) and a best face of quality 0.5 (a face at least 60 px, sharp, that the detector is sure
 * of: every cast member of the synthetic episodes has one above 0.6, a blurred or a 32-px face none).
 *
 * @param minFaces good faces an identity needs, at least 1
 * @param minScreenTimeSeconds screen time that is enough, in seconds, at least 0
 * @param minScreenShare share of the episode's length that is enough, in {@code [0,1]}
 * @param minQuality the quality its best face must reach, in {@code [0,1]}
 * @throws IllegalArgumentException from the constructor when a value is out of range
 */
public record CastRule(int minFaces, double minScreenTimeSeconds, double minScreenShare, double minQuality) {
    /** The defaults above. */
    public static final CastRule DEFAULTS = new CastRule(3, 4, 0.10, 0.5);

    public CastRule {
        requireMinFaces(minFaces);
        requireMinScreenTime(minScreenTimeSeconds);
        requireMinScreenShare(minScreenShare);
        requireMinQuality(minQuality);
    }

    /** Whether an identity with these figures is cast. */
    public boolean isCast(int goodFaces, double screenTimeSeconds, double episodeSeconds, double bestQuality,
                          boolean hasGoodTrack) {
        double enough = Math.min(minScreenTimeSeconds, minScreenShare * episodeSeconds);
        return goodFaces >= minFaces && screenTimeSeconds + 1e-9 >= enough && bestQuality >= minQuality
                && hasGoodTrack;
    }

    /** @throws IllegalArgumentException naming the value when it is below 1 */
    public static int requireMinFaces(int faces) {
        if (faces < 1) {
            throw new IllegalArgumentException("castMinFaces must be at least 1, got " + faces);
        }
        return faces;
    }

    /** @throws IllegalArgumentException naming the value unless it is a finite number of seconds, at least 0 */
    public static double requireMinScreenTime(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("castMinScreenTime must be finite and not negative, got " + seconds + " s");
        }
        return seconds;
    }

    /** @throws IllegalArgumentException naming the value unless it lies in [0, 1] */
    public static double requireMinScreenShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("castMinScreenShare must be in [0, 1], got " + share);
        }
        return share;
    }

    /** @throws IllegalArgumentException naming the value unless it lies in [0, 1] */
    public static double requireMinQuality(double quality) {
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("castMinQuality must be in [0, 1], got " + quality);
        }
        return quality;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "min_faces=%d,min_screen_time_s=%s,min_screen_share=%s,min_quality=%s",
                minFaces, minScreenTimeSeconds, minScreenShare, minQuality);
    }
}
