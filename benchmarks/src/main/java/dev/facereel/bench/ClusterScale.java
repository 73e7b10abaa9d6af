package dev.facereel.bench;

import dev.facereel.core.internal.stage.cluster.Clusterer;
import dev.facereel.core.internal.stage.cluster.Clustering;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.cluster.Identity;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.spi.BoundingBox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The cluster stage's algorithm on synthetic tracks: one face each, its embedding a random unit vector in 128
 * dimensions around one of 50 random unit centres (Gaussian noise of 0.06 per component, so a track scores about
 * 0.8 against its centre and about 0 against the others). Each track lies in its own frame.
 */
final class ClusterScale {
    static final int DIMS = 128;
    static final int CENTRES = 50;
    private static final double NOISE = 0.06;
    private static final double SAMPLE_PERIOD = 0.2;

    /** One run: seconds, identities found, and the share of tracks in an identity whose majority centre is theirs. */
    record Result(double seconds, int identities, double purity) {
    }

    private ClusterScale() {
    }

    static List<Track> tracks(int n, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[CENTRES][];
        for (int c = 0; c < CENTRES; c++) {
            centres[c] = unit(gaussian(random, 1.0), null);
        }
        List<Track> tracks = new ArrayList<>(n);
        BoundingBox box = new BoundingBox(10, 10, 60, 60);
        for (int t = 0; t < n; t++) {
            float[] embedding = unit(gaussian(random, NOISE), centres[t % CENTRES]);
            FaceRecord face = new FaceRecord(t, t * SAMPLE_PERIOD, box, 0.9f, null, embedding);
            tracks.add(new Track(String.format("t%06d", t), 0, List.of(face)));
        }
        return tracks;
    }

    static Result run(List<Track> tracks) {
        long start = System.nanoTime();
        Clustering clustering = new Clusterer().cluster(tracks, SAMPLE_PERIOD);
        double seconds = (System.nanoTime() - start) / 1e9;
        long pure = 0;
        for (Identity identity : clustering.identities()) {
            Map<Integer, Integer> byCentre = new HashMap<>();
            for (String id : identity.trackIds()) {
                byCentre.merge(Integer.parseInt(id.substring(1)) % CENTRES, 1, Integer::sum);
            }
            pure += byCentre.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
        return new Result(seconds, clustering.identities().size(), pure / (double) tracks.size());
    }

    private static double[] gaussian(Random random, double sigma) {
        double[] v = new double[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = sigma * random.nextGaussian();
        }
        return v;
    }

    private static float[] unit(double[] v, float[] centre) {
        double norm = 0;
        for (int i = 0; i < DIMS; i++) {
            if (centre != null) {
                v[i] += centre[i];
            }
            norm += v[i] * v[i];
        }
        float[] out = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            out[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return out;
    }
}
