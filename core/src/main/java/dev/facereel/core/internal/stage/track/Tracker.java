package dev.facereel.core.internal.stage.track;

import dev.facereel.core.internal.stage.FaceFilter;
import dev.facereel.core.internal.stage.Vectors;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.detect.FrameRecord;
import dev.facereel.spi.BoundingBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Links the faces of consecutive sampled frames into tracks. A face may continue a track when its box overlaps
 * the track's last box by at least {@link Settings#minIou()} and its embedding is not clearly someone else's
 * (cosine to the track's mean embedding at least {@link Settings#minCosineWhenOverlapping()}), or, when it has
 * moved too far for that, when its embedding is at least {@link Settings#minCosine()} similar to the track's.
 * Faces without embeddings, and poor faces (below {@link Settings#faces()}), link by overlap alone. Only a good face ({@link Settings#faces()}: large and good enough)
 * starts a track; a poorer one may only continue one. A track's running embedding is the quality-weighted mean of
 * its faces' ({@link Track#weight}), and a track whose mean face quality is below the filter's is low-quality. Among the allowed pairs, those with the highest
 * {@code IoU + max(cosine, 0)} are taken first (greedy assignment), each track and each face used once. A track survives up to {@link Settings#maxGap()} sampled frames without a face, and ends at
 * the first frame of another shot.
 *
 * <p>Results are deterministic: faces of a frame are considered left to right, and the tracks are numbered
 * {@code t0001}, {@code t0002}… by first frame, then by the centre x (then y) of their first box. Stateless
 * between calls and thread-safe.
 */
final class Tracker {
    private static final Comparator<FaceRecord> LEFT_TO_RIGHT = Comparator
            .comparingDouble((FaceRecord f) -> f.box().centerX())
            .thenComparingDouble(f -> f.box().centerY());

    private final Settings settings;

    /**
     * Tracking thresholds.
     *
     * @param minIou box overlap that links a face to a track by position alone, in {@code (0,1]}; default 0.3,
     *     which a face keeps between samples 0.2 s apart unless it moves fast
     * @param minCosine embedding similarity that links a face to a track whose box it does not overlap enough, in
     *     {@code [-1,1]}; default 0.5, above the 0.2–0.3 typical of two different people with ArcFace-like
     *     embeddings and below the 0.7 and more of one face a few frames apart
     * @param minCosineWhenOverlapping embedding similarity below which an overlapping face is taken for another
     *     person (one walking in front of another), in {@code [-1,1]}; default 0.2, the low end of what one face
     *     scores against itself across pose changes
     * @param maxGap sampled frames a track may miss (a missed detection, a turned head) and still continue;
     *     default 2
     * @param minFaces shortest track kept, in faces; default 1 keeps every track, since clustering can still use a
     *     face seen once, and a caller that wants to drop flicker raises it
     * @param faces which faces may start a track; default {@link FaceFilter#OTHERS}, the pipeline's filter for
     *     its detector in a run
     * @throws IllegalArgumentException when a value is out of range
     */
    public record Settings(double minIou, double minCosine, double minCosineWhenOverlapping, int maxGap,
            int minFaces, FaceFilter faces) {
        /** The defaults described above. */
        public static final Settings DEFAULTS = new Settings(0.3, 0.5, 0.2, 2, 1, FaceFilter.OTHERS);

        /** These settings with another face filter. */
        public Settings with(FaceFilter filter) {
            return new Settings(minIou, minCosine, minCosineWhenOverlapping, maxGap, minFaces, filter);
        }

        public Settings {
            Objects.requireNonNull(faces, "faces");
            if (!(minIou > 0 && minIou <= 1)) {
                throw new IllegalArgumentException("minIou must be in (0,1], got " + minIou);
            }
            if (!(minCosine >= -1 && minCosine <= 1)) {
                throw new IllegalArgumentException("minCosine must be in [-1,1], got " + minCosine);
            }
            if (!(minCosineWhenOverlapping >= -1 && minCosineWhenOverlapping <= 1)) {
                throw new IllegalArgumentException("minCosineWhenOverlapping must be in [-1,1], got "
                        + minCosineWhenOverlapping);
            }
            if (maxGap < 0) {
                throw new IllegalArgumentException("maxGap must not be negative, got " + maxGap);
            }
            if (minFaces < 1) {
                throw new IllegalArgumentException("minFaces must be at least 1, got " + minFaces);
            }
        }
    }

    /** A tracker with {@link Settings#DEFAULTS}. */
    public Tracker() {
        this(Settings.DEFAULTS);
    }

    /** A tracker with the given settings. */
    public Tracker(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Links the faces of the given sampled frames, in order, into tracks.
     *
     * @param frames every sampled frame, including those without faces (they count towards gaps), in strictly
     *     increasing frame order
     * @return the tracks of at least {@link Settings#minFaces()} faces, numbered and ordered as described above
     * @throws IllegalArgumentException when the frames are out of order or embeddings of different lengths meet
     */
    public List<Track> track(List<FrameRecord> frames) {
        return track(frames, done -> { });
    }

    /**
     * The same, telling {@code framesDone} how many frames it has linked after each one (for progress).
     *
     * @see #track(List)
     */
    public List<Track> track(List<FrameRecord> frames, java.util.function.IntConsumer framesDone) {
        List<OpenTrack> active = new ArrayList<>();
        List<OpenTrack> ended = new ArrayList<>();
        for (int index = 0; index < frames.size(); index++) {
            FrameRecord frame = frames.get(index);
            if (index > 0 && frame.frame() <= frames.get(index - 1).frame()) {
                throw new IllegalArgumentException("frames are not in increasing order: " + frames.get(index - 1).frame()
                        + " then " + frame.frame());
            }
            int sample = index;
            active.removeIf(open -> {
                boolean over = open.shot != frame.shot() || sample - open.lastSample - 1 > settings.maxGap();
                if (over) {
                    ended.add(open);
                }
                return over;
            });
            List<FaceRecord> faces = new ArrayList<>(frame.faces());
            faces.sort(LEFT_TO_RIGHT);
            boolean[] taken = assign(active, faces, sample);
            for (int f = 0; f < faces.size(); f++) {
                FaceRecord face = faces.get(f);
                if (!taken[f] && settings.faces().good(face.minSide(), face.quality())) {
                    active.add(new OpenTrack(frame.shot(), face, sample));
                }
            }
            framesDone.accept(index + 1);
        }
        ended.addAll(active);
        return number(ended);
    }

    /** Greedily extends the active tracks with the faces; returns which faces were used. */
    private boolean[] assign(List<OpenTrack> active, List<FaceRecord> faces, int sample) {
        List<Link> links = new ArrayList<>();
        for (int a = 0; a < active.size(); a++) {
            OpenTrack open = active.get(a);
            for (int f = 0; f < faces.size(); f++) {
                FaceRecord face = faces.get(f);
                double iou = open.lastBox().iou(face.box());
                double cosine = Vectors.cosine(open.mean, face.embedding());
                boolean unknown = Double.isNaN(cosine);
                // A poor face's embedding says little (a blurred face drifts from its sharp self): position decides.
                boolean poor = !settings.faces().good(face.minSide(), face.quality());
                boolean overlaps = iou >= settings.minIou()
                        && (unknown || poor || cosine >= settings.minCosineWhenOverlapping());
                if (overlaps || cosine >= settings.minCosine()) {
                    links.add(new Link(a, f, iou + (unknown ? 0 : Math.max(cosine, 0))));
                }
            }
        }
        links.sort(Comparator.comparingDouble(Link::score).reversed()
                .thenComparingInt(Link::track).thenComparingInt(Link::face));
        boolean[] trackTaken = new boolean[active.size()];
        boolean[] faceTaken = new boolean[faces.size()];
        for (Link link : links) {
            if (!trackTaken[link.track] && !faceTaken[link.face]) {
                trackTaken[link.track] = true;
                faceTaken[link.face] = true;
                active.get(link.track).add(faces.get(link.face), sample);
            }
        }
        return faceTaken;
    }

    private List<Track> number(List<OpenTrack> tracks) {
        List<OpenTrack> kept = new ArrayList<>();
        for (OpenTrack open : tracks) {
            if (open.faces.size() >= settings.minFaces()) {
                kept.add(open);
            }
        }
        kept.sort(Comparator.comparingInt((OpenTrack o) -> o.faces.get(0).frame())
                .thenComparing(o -> o.faces.get(0), LEFT_TO_RIGHT));
        List<Track> out = new ArrayList<>(kept.size());
        for (OpenTrack open : kept) {
            Track track = new Track(String.format("t%04d", out.size() + 1), open.shot, open.faces);
            out.add(track.meanQuality() < settings.faces().minQuality()
                    ? new Track(track.id(), track.shot(), track.faces(), true) : track);
        }
        return out;
    }

    private record Link(int track, int face, double score) {
    }

    /** A track being built: its faces, the sample index of its last face and its running mean embedding. */
    private static final class OpenTrack {
        private final int shot;
        private final List<FaceRecord> faces = new ArrayList<>();
        private final double[] sum;
        private float[] mean;
        private int lastSample;

        OpenTrack(int shot, FaceRecord first, int sample) {
            this.shot = shot;
            this.sum = new double[first.embeddingSize()];
            add(first, sample);
        }

        void add(FaceRecord face, int sample) {
            faces.add(face);
            if (face.embeddingSize() == sum.length) {
                face.addEmbeddingTo(sum, Track.weight(face));
            }
            mean = Vectors.normalised(sum);
            lastSample = sample;
        }

        BoundingBox lastBox() {
            return faces.get(faces.size() - 1).box();
        }
    }
}
