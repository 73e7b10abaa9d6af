package dev.facereel.core.internal.stage.cluster;

import dev.facereel.core.internal.stage.Vectors;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.track.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Groups tracks into identities: agglomerative clustering of the tracks' mean embeddings with average linkage
 * on cosine similarity, merging the most similar pair of clusters while their similarity is at least the
 * threshold. Two tracks with a face in the same frame are different people, so clusters holding such a pair never
 * merge. Tracks whose mean embedding is zero or empty are left unclustered; every other track ends in exactly one
 * identity.
 *
 * <p>The default threshold, {@value #DEFAULT_THRESHOLD}, suits L2-normalised ArcFace-style embeddings: single
 * faces of one person typically score 0.4–0.8 against each other and of two people below 0.25; averaging a
 * track's faces removes much of the per-frame noise, which raises same-person track similarities further, so 0.45
 * merges one person across shots while leaving a margin above the impostor tail. Lower it to merge more
 * aggressively (more false merges), raise it to split more.
 *
 * <p>Cost: up to {@value #EXACT_LIMIT} clusterable tracks, a similarity matrix of {@code n(n-1)/2} floats, updated
 * after each merge with the Lance–Williams formula for average linkage, and {@code O(n^2)} time by the
 * nearest-neighbour chain algorithm (4096 tracks: 34 MB and about a second). Ties break towards the earlier track
 * in the input. Above that, the result is approximated so that time grows linearly with the number of tracks for a
 * given number of people: a sample of {@value #EXACT_LIMIT} tracks (drawn by a generator seeded with their count,
 * so the result is deterministic) is clustered exactly, then every
 * other track joins the identity whose average similarity to it (the average-linkage criterion between a track and
 * a cluster: its dot product with the identity's mean embedding) is highest, if that reaches the threshold and no
 * member shares a frame with it; the tracks that join none are clustered the same way, recursively. Stateless and
 * thread-safe.
 */
public final class Clusterer {
    /** Default merge threshold on average cosine similarity. */
    public static final double DEFAULT_THRESHOLD = 0.45;
    /** Clusterable tracks up to which the clustering is exact. */
    public static final int EXACT_LIMIT = 4096;

    private final double threshold;
    private final int exactLimit;

    /** A clusterer with {@link #DEFAULT_THRESHOLD}. */
    public Clusterer() {
        this(DEFAULT_THRESHOLD);
    }

    /**
     * A clusterer merging while the average cosine similarity is at least {@code threshold}.
     *
     * @throws IllegalArgumentException when the threshold is not in {@code [-1,1]}
     */
    public Clusterer(double threshold) {
        this(threshold, EXACT_LIMIT);
    }

    Clusterer(double threshold, int exactLimit) {
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("cluster threshold must be in [-1,1], got " + threshold);
        }
        if (exactLimit < 2) {
            throw new IllegalArgumentException("exact limit must be at least 2, got " + exactLimit);
        }
        this.threshold = threshold;
        this.exactLimit = exactLimit;
    }

    /**
     * Clusters the tracks into identities {@code p01}, {@code p02}… by descending screen time (ties: the earlier
     * first appearance first). An identity's screen time is the length of the union of its tracks' covered time,
     * where a track covers {@code [t of first face, t of last face + samplePeriodSeconds)}. Its tracks are listed
     * in input order, and its still comes from its track with the most faces (ties: the earlier track).
     *
     * @param tracks the tracks, usually in {@link Tracker} order
     * @param samplePeriodSeconds the time between two sampled frames, such as 0.2 at 5 samples a second
     * @throws IllegalArgumentException when the sample period is not positive, or embeddings differ in length
     */
    public Clustering cluster(List<Track> tracks, double samplePeriodSeconds) {
        if (!(samplePeriodSeconds > 0) || Double.isInfinite(samplePeriodSeconds)) {
            throw new IllegalArgumentException("sample period must be positive and finite, got " + samplePeriodSeconds);
        }
        List<Track> clusterable = new ArrayList<>();
        List<float[]> means = new ArrayList<>();
        List<String> unclustered = new ArrayList<>();
        for (Track track : tracks) {
            float[] mean = track.meanEmbedding();
            if (Vectors.isZero(mean)) {
                unclustered.add(track.id());
            } else {
                requireSameLength(means, mean, track);
                clusterable.add(track);
                means.add(mean);
            }
        }
        List<Integer> all = new ArrayList<>(clusterable.size());
        for (int i = 0; i < clusterable.size(); i++) {
            all.add(i);
        }
        List<List<Integer>> groups = groups(all, clusterable, means, new Frames(clusterable));
        groups.sort(Comparator.comparingInt(g -> g.get(0)));
        List<Group> found = new ArrayList<>();
        for (List<Integer> group : groups) {
            found.add(Group.of(group, clusterable, samplePeriodSeconds));
        }
        // Stable: groups come ordered by their first track, so equal screen times keep first appearance order.
        found.sort(Comparator.comparingDouble(Group::screenTimeSeconds).reversed());
        List<Identity> identities = new ArrayList<>(found.size());
        for (Group group : found) {
            identities.add(new Identity(String.format("p%02d", identities.size() + 1), group.trackIds(),
                    group.screenTimeSeconds(), group.stillTrackId()));
        }
        return new Clustering(identities, unclustered);
    }

    /** The identities among the given tracks as groups of indices, each in increasing order. */
    private List<List<Integer>> groups(List<Integer> indices, List<Track> tracks, List<float[]> means, Frames frames) {
        if (indices.size() <= exactLimit) {
            return exact(indices, tracks, means);
        }
        boolean[] sampled = sample(indices.size());
        List<Integer> sample = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int k = 0; k < indices.size(); k++) {
            (sampled[k] ? sample : rest).add(indices.get(k));
        }
        List<List<Integer>> groups = exact(sample, tracks, means);
        int dims = means.get(0).length;
        float[][] centres = new float[groups.size()][dims];
        Map<Integer, Integer> owner = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            for (int t : groups.get(g)) {
                Vectors.addTo(centres[g], means.get(t));
                owner.put(t, g);
            }
            Vectors.scale(centres[g], 1f / groups.get(g).size());
        }
        List<Integer> left = new ArrayList<>();
        for (int t : rest) {
            int best = -1;
            double bestSimilarity = threshold;
            for (int g = 0; g < centres.length; g++) {
                double s = Vectors.dot(means.get(t), centres[g]);
                if (s >= bestSimilarity && (best < 0 || s > bestSimilarity) && !frames.shared(t, g, owner)) {
                    best = g;
                    bestSimilarity = s;
                }
            }
            if (best < 0) {
                left.add(t);
            } else {
                groups.get(best).add(t);
                owner.put(t, best);
            }
        }
        groups.addAll(groups(left, tracks, means, frames));
        groups.forEach(g -> g.sort(null));
        return groups;
    }

    /**
     * Which of {@code n} positions form the sample: {@code exactLimit} of them, drawn by a generator seeded with
     * {@code n}, so the same input always gives the same sample and no periodic order of tracks can alias it.
     */
    private boolean[] sample(int n) {
        int[] positions = new int[n];
        for (int k = 0; k < n; k++) {
            positions[k] = k;
        }
        Random random = new Random(n);
        boolean[] sampled = new boolean[n];
        for (int k = 0; k < exactLimit; k++) {
            int pick = k + random.nextInt(n - k);
            int chosen = positions[pick];
            positions[pick] = positions[k];
            positions[k] = chosen;
            sampled[chosen] = true;
        }
        return sampled;
    }

    /** Exact average-linkage groups of the given tracks, as indices into {@code tracks}. */
    private List<List<Integer>> exact(List<Integer> indices, List<Track> tracks, List<float[]> means) {
        List<Track> subset = new ArrayList<>(indices.size());
        List<float[]> subsetMeans = new ArrayList<>(indices.size());
        for (int i : indices) {
            subset.add(tracks.get(i));
            subsetMeans.add(means.get(i));
        }
        List<List<Integer>> groups = new ArrayList<>();
        for (List<Integer> local : new Agglomeration(subset, subsetMeans).run()) {
            List<Integer> group = new ArrayList<>(local.size());
            local.forEach(k -> group.add(indices.get(k)));
            groups.add(group);
        }
        return groups;
    }

    /** Which tracks have a face in each frame: two such tracks are different people. */
    private static final class Frames {
        private final List<Track> tracks;
        private final Map<Integer, List<Integer>> byFrame = new HashMap<>();

        Frames(List<Track> tracks) {
            this.tracks = tracks;
            for (int i = 0; i < tracks.size(); i++) {
                for (FaceRecord face : tracks.get(i).faces()) {
                    byFrame.computeIfAbsent(face.frame(), f -> new ArrayList<>(2)).add(i);
                }
            }
        }

        /** The tracks (as indices) with a face in each frame, one list per frame. */
        Collection<List<Integer>> sharing() {
            return byFrame.values();
        }

        /** Whether track {@code t} shares a frame with a track that {@code owner} puts in group {@code g}. */
        boolean shared(int t, int g, Map<Integer, Integer> owner) {
            for (FaceRecord face : tracks.get(t).faces()) {
                for (int other : byFrame.get(face.frame())) {
                    if (other != t && Integer.valueOf(g).equals(owner.get(other))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static void requireSameLength(List<float[]> means, float[] mean, Track track) {
        if (!means.isEmpty() && means.get(0).length != mean.length) {
            throw new IllegalArgumentException("track " + track.id() + " has an embedding of " + mean.length
                    + " floats, others have " + means.get(0).length);
        }
    }

    /** A cluster before it is numbered. */
    private record Group(List<String> trackIds, double screenTimeSeconds, String stillTrackId) {
        /** The group of the given track indices, which are in increasing order. */
        static Group of(List<Integer> indices, List<Track> tracks, double samplePeriod) {
            List<Track> members = indices.stream().map(tracks::get).toList();
            return new Group(members.stream().map(Track::id).toList(),
                    Clusterer.screenTimeSeconds(members, samplePeriod), stillTrack(members).id());
        }
    }

    /**
     * The length of the union of the time the tracks cover, each {@code [t of first face, t of last face +
     * samplePeriodSeconds)}, rounded to microseconds so that float noise in frame times cannot reorder equal screen
     * times. There is at least one track.
     */
    public static double screenTimeSeconds(List<Track> tracks, double samplePeriodSeconds) {
        double[][] spans = new double[tracks.size()][];
        for (int m = 0; m < tracks.size(); m++) {
            spans[m] = new double[] {tracks.get(m).firstTime(), tracks.get(m).lastTime() + samplePeriodSeconds};
        }
        return Math.rint(unionLength(spans) * 1e6) / 1e6;
    }

    /** The track whose still represents the tracks: the one with the most faces, the earlier on a tie. */
    public static Track stillTrack(List<Track> tracks) {
        Track still = tracks.get(0);
        for (Track track : tracks) {
            if (track.faces().size() > still.faces().size()) {
                still = track;
            }
        }
        return still;
    }

    /** The total length of the union of half-open intervals {@code [start, end)}; there is at least one. */
    private static double unionLength(double[][] spans) {
        double[][] sorted = spans.clone();
        Arrays.sort(sorted, Comparator.comparingDouble(span -> span[0]));
        double total = 0;
        double start = sorted[0][0];
        double end = sorted[0][1];
        for (double[] span : sorted) {
            if (span[0] > end) {
                total += end - start;
                start = span[0];
                end = span[1];
            } else {
                end = Math.max(end, span[1]);
            }
        }
        return total + end - start;
    }

    /**
     * One run of average-linkage clustering over a condensed similarity matrix, by the nearest-neighbour chain
     * algorithm: follow nearest neighbours until two clusters are each other's nearest, and merge them. Average
     * linkage is reducible (a merged cluster is never more similar to a third than the closer of its parts), so this
     * merges the same pairs as always merging the globally most similar pair, in {@code O(n^2)} time; and a cluster
     * whose nearest neighbour is below the threshold can never reach it again, so it is set aside for good.
     */
    private final class Agglomeration {
        private final int n;
        private final float[] similarity;
        private final int[] size;
        private final boolean[] live;
        private final List<List<Integer>> members;

        Agglomeration(List<Track> tracks, List<float[]> means) {
            n = tracks.size();
            long cells = (long) n * (n - 1) / 2;
            if (cells > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("too many tracks to cluster at once: " + n);
            }
            similarity = new float[(int) cells];
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    similarity[cell(i, j)] = (float) Vectors.dot(means.get(i), means.get(j));
                }
            }
            forbidTracksSharingAFrame(tracks);
            size = new int[n];
            live = new boolean[n];
            members = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                size[i] = 1;
                live[i] = true;
                members.add(new ArrayList<>(List.of(i)));
            }
        }

        /** Cannot-link: a similarity of minus infinity survives every average it enters. */
        private void forbidTracksSharingAFrame(List<Track> tracks) {
            for (List<Integer> sharing : new Frames(tracks).sharing()) {
                for (int a = 0; a < sharing.size(); a++) {
                    for (int b = a + 1; b < sharing.size(); b++) {
                        similarity[cell(sharing.get(a), sharing.get(b))] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
        }

        /** The clusters as groups of track indices, each in increasing order, groups by first index. */
        List<List<Integer>> run() {
            int[] chain = new int[n];
            int length = 0;
            int next = 0;
            while (true) {
                if (length == 0) {
                    while (next < n && !live[next]) {
                        next++;
                    }
                    if (next == n) {
                        break;
                    }
                    chain[length++] = next;
                }
                int a = chain[length - 1];
                int previous = length > 1 ? chain[length - 2] : -1;
                int b = nearest(a, previous);
                if (b < 0 || similarity[cell(a, b)] < threshold) {
                    live[a] = false;
                    length--;
                } else if (b == previous) {
                    length -= 2;
                    merge(Math.min(a, b), Math.max(a, b));
                } else {
                    chain[length++] = b;
                }
            }
            List<List<Integer>> groups = new ArrayList<>();
            for (List<Integer> group : members) {
                if (group != null) {
                    group.sort(null);
                    groups.add(group);
                }
            }
            return groups;
        }

        /**
         * The most similar live cluster to {@code a} that it may merge with, or -1. Ties go to {@code preferred} (the
         * previous link of the chain, so that the chain cannot cycle), then to the lower index.
         */
        private int nearest(int a, int preferred) {
            int best = -1;
            float bestSimilarity = Float.NEGATIVE_INFINITY;
            for (int m = 0; m < n; m++) {
                if (m != a && live[m]) {
                    float s = similarity[cell(a, m)];
                    if (s > bestSimilarity || (s == bestSimilarity && best >= 0 && m == preferred)) {
                        best = m;
                        bestSimilarity = s;
                    }
                }
            }
            return bestSimilarity == Float.NEGATIVE_INFINITY ? -1 : best;
        }

        /** Merges cluster {@code b} into {@code a}, updating similarities by Lance–Williams for average linkage. */
        private void merge(int a, int b) {
            int sizeA = size[a];
            int sizeB = size[b];
            for (int k = 0; k < n; k++) {
                if (k != a && k != b && live[k]) {
                    similarity[cell(k, a)] = (sizeA * similarity[cell(k, a)] + sizeB * similarity[cell(k, b)])
                            / (sizeA + sizeB);
                }
            }
            size[a] = sizeA + sizeB;
            members.get(a).addAll(members.get(b));
            members.set(b, null);
            live[b] = false;
        }

        private int cell(int i, int j) {
            int lo = Math.min(i, j);
            int hi = Math.max(i, j);
            return (int) ((long) lo * (2L * n - lo - 1) / 2) + hi - lo - 1;
        }
    }
}
