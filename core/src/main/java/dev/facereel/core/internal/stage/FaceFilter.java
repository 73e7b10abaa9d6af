package dev.facereel.core.internal.stage;

import java.util.Locale;

/**
 * Which detected faces are good enough to start a track: a box whose shorter side is at least {@code minSize}
 * pixels and a quality ({@code FaceQuality}) of at least {@code minQuality}. Poorer faces stay in
 * {@code faces.jsonl} and may join a track that a good face started, but start none. Immutable.
 *
 * <p>The defaults depend on the detector ({@link #defaultsFor}):
 * <ul>
 *   <li>{@code opencv-haar}: 40 px and 0.3. It finds no face under 30 px, gives no landmarks, and its score (from the
 *       cascade's last stage) is 0.65 and more on real faces but also 0.5–0.6 on many false ones, which its size
 *       and sharpness then have to outweigh.
 *   <li>every other detector (such as {@code scrfd}, {@code ultraface}): 32 px (a face of about 1000 px², near the 750
 *       px² Frigate asks for) and 0.3: the sharp faces of the shared photos at 48 px and more score 0.4 and above,
 *       the same faces blurred with a Gaussian of sigma 3 score 0.2 or less, and 32-px faces at most about 0.25.
 * </ul>
 *
 * @param minSize the shortest side of a good face's box, in pixels, at least 0
 * @param minQuality the least quality of a good face, in {@code [0,1]}
 * @throws IllegalArgumentException from the constructor when a value is out of range
 */
public record FaceFilter(int minSize, double minQuality) {
    /** The defaults of {@code opencv-haar}. */
    public static final FaceFilter HAAR = new FaceFilter(40, 0.3);
    /** The defaults of the other detectors. */
    public static final FaceFilter OTHERS = new FaceFilter(32, 0.3);

    public FaceFilter {
        requireMinSize(minSize);
        requireMinQuality(minQuality);
    }

    /** The defaults for the detector with this {@code modelId}. */
    public static FaceFilter defaultsFor(String detectorModelId) {
        return detectorModelId.startsWith("opencv-haar") ? HAAR : OTHERS;
    }

    /** Whether a face of this box side and quality is good. */
    public boolean good(double shorterSide, double quality) {
        return shorterSide >= minSize && quality >= minQuality;
    }

    /** @throws IllegalArgumentException naming the value when it is negative */
    public static int requireMinSize(int px) {
        if (px < 0) {
            throw new IllegalArgumentException("minFaceSize must not be negative, got " + px);
        }
        return px;
    }

    /** @throws IllegalArgumentException naming the value unless it lies in [0, 1] */
    public static double requireMinQuality(double quality) {
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("minFaceQuality must be in [0, 1], got " + quality);
        }
        return quality;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "min_size=%d,min_quality=%s", minSize, minQuality);
    }
}
