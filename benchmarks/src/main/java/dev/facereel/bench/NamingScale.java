package dev.facereel.bench;

import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Edit;
import dev.facereel.core.cast.Person;
import dev.facereel.core.cast.Reference;
import dev.facereel.core.cast.TrackAnchor;
import dev.facereel.core.internal.stage.cluster.ClusterCodec;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.name.NameCodec;
import dev.facereel.core.internal.stage.name.Naming;
import dev.facereel.core.internal.stage.name.TrackAnchors;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Calibration;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The name stage's algorithm ({@link Naming#name}) on synthetic seasons, without files: how long one episode takes
 * and how long a whole season's table (every episode named, then screen time per person per episode) takes, as
 * episodes and people grow. Run with {@code ./bench naming [--runs N]}.
 *
 * <p>A season of {@code E} episodes and a cast of {@code P} people (128-d unit centres, random): each episode shows
 * 12 of the people plus 3 strangers, each as one identity of 4 tracks (one per shot) of 10 faces, every face its
 * person's centre plus Gaussian noise (0.06 a component, about 0.8 to its centre); every person has 4 references
 * (track means) from each episode they appear in, so references grow with the season; each episode has 4 edits
 * (a name, a merge of a stranger into a person, a move to another identity and a move out). Times are the
 * thread's CPU time (the VM is shared, so wall time says more about the neighbours than about the algorithm),
 * with the wall time beside it.
 */
final class NamingScale {
    private static final int DIMS = 128;
    private static final int SHOWN = 12;
    private static final int STRANGERS = 3;
    private static final int TRACKS = 4;
    private static final int FACES = 10;
    private static final double NOISE = 0.06;
    private static final double PERIOD = 0.2;
    private static final String MODEL = "synthetic/128";
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private record Episode(String key, List<Track> tracks, ClusterCodec.Contents clusters, int[] people) {
    }

    private record Season(List<Episode> episodes, Cast cast) {
    }

    private NamingScale() {
    }

    public static void main(String[] args) {
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--shared" -> i++;
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; known: --runs N");
            }
        }
        System.out.println(Bench.machine());
        // Warm up the JIT on a middle-sized season.
        Season warm = season(20, 12, 1);
        for (int i = 0; i < 5; i++) {
            table(warm);
        }
        System.out.println();
        System.out.println("row                                                        | CPU ms, median [min-max, n]"
                + " | wall ms | refs/person | shown people named right");
        Season base = season(20, 12, 7);
        double[] one = new double[Math.max(runs, 1) * 10];
        double[] oneWall = new double[one.length];
        for (int r = 0; r < one.length; r++) {
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Naming.name(inputs(base.episodes().get(r % base.episodes().size()), base.cast()));
            oneWall[r] = (System.nanoTime() - t0) / 1e6;
            one[r] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        print("name one episode (15 identities), 20 episodes x 12 people", one, oneWall, base);
        for (int people : new int[] {12, 24, 48}) {
            for (int episodes : new int[] {5, 10, 20, 40}) {
                Season s = season(episodes, people, 11L * episodes + people);
                double[] ms = new double[runs];
                double[] wall = new double[runs];
                for (int r = 0; r < runs; r++) {
                    long c0 = CPU.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    table(s);
                    wall[r] = (System.nanoTime() - t0) / 1e6;
                    ms[r] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
                }
                print(String.format(Locale.ROOT, "season table, %d episodes x %d people", episodes, people), ms,
                        wall, s);
            }
        }
    }

    private static void print(String row, double[] ms, double[] wall, Season s) {
        Stats.Summary m = Stats.Summary.of(ms);
        int refs = s.cast().people().stream().mapToInt(p -> p.references().size()).sum() / s.cast().people().size();
        System.out.printf(Locale.ROOT, "%-58s | %8.2f [%.2f-%.2f, %d] | %9.2f | %11d | %.3f%n", row, m.median(),
                m.min(), m.max(), m.n(), Stats.Summary.of(wall).median(), refs, rightShare(s));
    }

    /** Every episode named, then each person's screen time per episode. */
    static Map<String, double[]> table(Season s) {
        Map<String, double[]> table = new LinkedHashMap<>();
        for (int e = 0; e < s.episodes().size(); e++) {
            NameCodec.Contents named = Naming.name(inputs(s.episodes().get(e), s.cast()));
            for (NameCodec.Entry entry : named.all()) {
                if (entry.personId() != null) {
                    table.computeIfAbsent(entry.name(), k -> new double[s.episodes().size()])[e]
                            += entry.screenTimeSeconds();
                }
            }
        }
        return table;
    }

    /** The share of shown people's identities named after the right person (a check that the season is sane). */
    private static double rightShare(Season s) {
        int right = 0;
        int shown = 0;
        for (Episode e : s.episodes()) {
            NameCodec.Contents named = Naming.name(inputs(e, s.cast()));
            for (NameCodec.Entry entry : named.all()) {
                int identity = Integer.parseInt(entry.id().substring(1)) - 1;
                if (identity < SHOWN) {
                    shown++;
                    if (entry.name() != null && entry.name().equals("person " + e.people()[identity])) {
                        right++;
                    }
                }
            }
        }
        return right / (double) shown;
    }

    private static Naming.Inputs inputs(Episode e, Cast cast) {
        return new Naming.Inputs(e.tracks(), e.clusters(), cast, e.key(), MODEL, Calibration.ARCFACE_STYLE, PERIOD,
                Optional.empty());
    }

    static Season season(int episodes, int people, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[people][];
        for (int p = 0; p < people; p++) {
            centres[p] = unit(gaussian(random, 1.0), null);
        }
        List<List<Reference>> refs = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            refs.add(new ArrayList<>());
        }
        List<Episode> list = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        BoundingBox box = new BoundingBox(100, 80, 180, 160);
        for (int e = 0; e < episodes; e++) {
            String key = String.format(Locale.ROOT, "s01_e%02d", e + 1);
            int[] shown = random.ints(0, people).distinct().limit(Math.min(SHOWN, people)).toArray();
            List<Track> tracks = new ArrayList<>();
            List<ClusterCodec.Entry> cast = new ArrayList<>();
            int frame = 0;
            int shot = 0;
            for (int i = 0; i < shown.length + STRANGERS; i++) {
                float[] centre = i < shown.length ? centres[shown[i]] : unit(gaussian(random, 1.0), null);
                List<String> ids = new ArrayList<>();
                for (int t = 0; t < TRACKS; t++) {
                    List<FaceRecord> faces = new ArrayList<>();
                    for (int f = 0; f < FACES; f++, frame++) {
                        faces.add(new FaceRecord(frame, frame * PERIOD, box, 0.9f, null,
                                unit(gaussian(random, NOISE), centre)));
                    }
                    Track track = new Track(String.format(Locale.ROOT, "t%04d", tracks.size() + 1), shot++, faces);
                    tracks.add(track);
                    ids.add(track.id());
                    if (i < shown.length) {
                        refs.get(shown[i]).add(new Reference(MODEL, track.meanEmbedding(), key,
                                TrackAnchors.of(track), null));
                    }
                }
                cast.add(new ClusterCodec.Entry(String.format(Locale.ROOT, "p%02d", i + 1), ids,
                        TRACKS * FACES * PERIOD, "stills/" + ids.get(0) + ".jpg"));
            }
            list.add(new Episode(key, tracks, new ClusterCodec.Contents(cast, List.of(), List.of()), shown));
            List<TrackAnchor> a = tracks.stream().map(TrackAnchors::of).toList();
            Instant at = Instant.parse("2026-12-01T00:00:00Z").plusSeconds(edits.size());
            edits.add(new Edit(id(edits), at, Edit.Kind.NAME, key, person(shown[0]), "person " + shown[0],
                    a.subList(0, TRACKS), List.of()));
            edits.add(new Edit(id(edits), at, Edit.Kind.MERGE, key, null, null,
                    List.of(a.get(TRACKS), a.get(shown.length * TRACKS)), List.of()));
            edits.add(new Edit(id(edits), at, Edit.Kind.MOVE, key, null, null, List.of(a.get(3 * TRACKS)),
                    a.subList(4 * TRACKS, 5 * TRACKS)));
            edits.add(new Edit(id(edits), at, Edit.Kind.MOVE, key, null, null, List.of(a.get(5 * TRACKS)),
                    List.of()));
        }
        List<Person> cast = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            cast.add(new Person(person(p), "person " + p, refs.get(p)));
        }
        return new Season(list, new Cast("bench", 1, cast, edits));
    }

    private static String id(List<Edit> edits) {
        return String.format(Locale.ROOT, "e%04d", edits.size() + 1);
    }

    private static String person(int p) {
        return String.format(Locale.ROOT, "c%03d", p + 1);
    }

    private static double[] gaussian(Random random, double sigma) {
        double[] v = new double[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = random.nextGaussian() * sigma;
        }
        return v;
    }

    private static float[] unit(double[] v, float[] around) {
        double norm = 0;
        double[] w = v.clone();
        if (around != null) {
            for (int i = 0; i < DIMS; i++) {
                w[i] += around[i];
            }
        }
        for (double x : w) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            out[i] = (float) (w[i] / norm);
        }
        return out;
    }
}
