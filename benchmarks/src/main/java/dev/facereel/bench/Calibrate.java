package dev.facereel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.EpisodeResults;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Providers;
import dev.facereel.core.ShowCast;
import dev.facereel.core.Stage;
import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Person;
import dev.facereel.core.cast.Reference;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.opencv.ImageFiles;
import dev.facereel.core.internal.stage.cluster.ClusterCodec;
import dev.facereel.core.internal.stage.detect.DetectCodec;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.name.NameCodec;
import dev.facereel.core.internal.stage.name.Naming;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.core.internal.stage.track.TrackCodec;
import dev.facereel.core.testing.EpisodeTruth;
import dev.facereel.spi.Calibration;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Measures each embedder's naming precision and recall per match threshold and margin, and its clustering per
 * cluster threshold, so that its {@link Calibration} can be chosen from figures. Run with {@code ./bench calibrate}
 * ({@code --shared DIR}, {@code --setups arcface,lbp-haar,lbp-scrfd}, {@code --skip photos,cluster,season}).
 *
 * <p><b>Photos</b> ({@code media/faces}, {@code truth.json}): leave one photo out. The other photos' labelled faces
 * are the cast's references; each face of the left-out photo is an identity of its own (its vector is its mean),
 * all in one frame, and {@link Naming#name} names them, with the whole cast and then with each person removed in
 * turn. A name is right when it is the face's label; any other name is a false name (always so when the face's
 * person is not in the cast). Precision = right / named; recall = right / identities whose person is in the cast.
 *
 * <p><b>Season</b> ({@code episode_synth.mp4} and {@code episode_synth_e02.mp4}, one show): both episodes run
 * through the pipeline; episode 1's identities are named after their truth labels with {@link ShowCast#name};
 * then {@link Naming#name} names episode 2 (whose newcomer is never in the cast) and, with each person removed in
 * turn, both episodes. The episode 1 identities of the removed person, and every name on the newcomer, count as
 * false names.
 *
 * <p><b>Cluster</b>: the cluster stage over both episodes at several thresholds, scored against the truth: cast
 * identities, labelled identities and weighted purity.
 */
final class Calibrate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOW = "synth";
    private static final double[] MARGINS = {0.00, 0.02, 0.05, 0.10, 0.15};
    private static final List<String> PEOPLE = List.of("obama", "biden", "rose_leslie", "kit_harington");

    /** A detector and an embedder, as the builder takes them. */
    record Setup(String tag, String detector, ProviderConfig detectorConfig, String embedder,
                 ProviderConfig embedderConfig, double[] thresholds, double[] clusterThresholds) {
        FacePipeline.Builder pipeline(Path root) {
            return FacePipeline.builder().dataRoot(root).detector(detector, detectorConfig)
                    .embedder(embedder, embedderConfig).sampleFps(5);
        }
    }

    /** Named identities counted at one (threshold, margin): right, false, and how many could be named. */
    static final class Counts {
        int right;
        int wrong;
        int present;
        int absent;
        int wrongOnAbsent;

        double precision() {
            return right + wrong == 0 ? 1.0 : right / (double) (right + wrong);
        }

        double recall() {
            return present == 0 ? Double.NaN : right / (double) present;
        }
    }

    /** Counts per threshold (rows) and margin (columns). */
    static final class Sweep {
        final double[] thresholds;
        final Counts[][] counts;

        Sweep(double[] thresholds) {
            this.thresholds = thresholds;
            counts = new Counts[thresholds.length][MARGINS.length];
            for (Counts[] row : counts) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = new Counts();
                }
            }
        }

        void print(String title) {
            System.out.println();
            System.out.println(title);
            StringBuilder head = new StringBuilder("threshold");
            for (double m : MARGINS) {
                head.append(String.format(Locale.ROOT, " | margin %.2f: P     R     false", m));
            }
            System.out.println(head);
            for (int i = 0; i < thresholds.length; i++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%9.2f", thresholds[i]));
                for (int j = 0; j < MARGINS.length; j++) {
                    Counts c = counts[i][j];
                    row.append(String.format(Locale.ROOT, " |              %.3f %.3f %5d", c.precision(),
                            c.recall(), c.wrong));
                }
                System.out.println(row);
            }
            Counts any = counts[0][0];
            System.out.printf(Locale.ROOT, "(%d identities whose person is in the cast, %d whose person is not)%n",
                    any.present, any.absent);
        }
    }

    private Calibrate() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String shared = null;
        Set<String> only = new LinkedHashSet<>(List.of("arcface", "lbp-haar", "lbp-scrfd"));
        Set<String> skip = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shared" -> shared = args[++i];
                case "--setups" -> only = new LinkedHashSet<>(List.of(args[++i].split(",")));
                case "--skip" -> skip.addAll(List.of(args[++i].split(",")));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; known: --shared DIR"
                        + " --setups arcface,lbp-haar,lbp-scrfd --skip photos,cluster,season");
            }
        }
        Assets assets = Assets.locate(shared);
        ProviderConfig scrfd = ProviderConfig.ofModel(assets.detectorModel());
        ProviderConfig mobilefacenet = ProviderConfig.ofModel(assets.embedderModel());
        double[] arcfaceThresholds = steps(0.20, 0.80, 0.05);
        double[] lbpThresholds = steps(0.70, 0.99, 0.01);
        List<Setup> setups = new ArrayList<>();
        setups.add(new Setup("arcface", "scrfd", scrfd, "arcface", mobilefacenet, arcfaceThresholds,
                steps(0.30, 0.60, 0.05)));
        setups.add(new Setup("lbp-haar", "opencv-haar", ProviderConfig.empty(), "opencv-lbp", ProviderConfig.empty(),
                lbpThresholds, steps(0.78, 0.96, 0.01)));
        setups.add(new Setup("lbp-scrfd", "scrfd", scrfd, "opencv-lbp", ProviderConfig.empty(), lbpThresholds,
                steps(0.78, 0.96, 0.01)));
        System.out.println(Bench.machine());
        Path work = Files.createTempDirectory("facereel-calibrate");
        try {
            for (Setup setup : setups) {
                if (!only.contains(setup.tag())) {
                    continue;
                }
                System.out.println();
                System.out.println("=== " + setup.tag() + ": " + setup.detector() + " + " + setup.embedder());
                if (!skip.contains("photos")) {
                    photos(assets, setup).print(setup.tag() + ", photos (leave one photo out, each person removed"
                            + " in turn): precision, recall, false names");
                }
                Path root = work.resolve(setup.tag());
                if (!skip.contains("cluster")) {
                    clusterSweep(assets, setup, root);
                }
                if (!skip.contains("season")) {
                    season(assets, setup, root).print(setup.tag() + ", season (episode 1 named by truth, episode 2"
                            + " named automatically; each person removed in turn): precision, recall, false names");
                }
            }
        } finally {
            DetectRun.deleteTree(work);
        }
    }

    private static double[] steps(double from, double to, double step) {
        int n = (int) Math.round((to - from) / step) + 1;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.round((from + i * step) * 100) / 100.0;
        }
        return out;
    }

    // ---- photos --------------------------------------------------------------------------------------------

    /** One labelled face of a photo and its embedding. */
    record PhotoFace(String photo, String label, Face face, float[] vector) {
    }

    static List<PhotoFace> photoFaces(Assets assets, Setup setup) throws Exception {
        Path dir = assets.root().resolve("media/faces");
        JsonNode truth = JSON.readTree(dir.resolve("truth.json").toFile()).get("faces_left_to_right");
        Providers providers = Providers.fromClassPath();
        List<PhotoFace> out = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        try (Detector detector = providers.detector(setup.detector(), setup.detectorConfig());
             Embedder embedder = providers.embedder(setup.embedder(), setup.embedderConfig())) {
            for (var it = truth.fields(); it.hasNext(); ) {
                var photo = it.next();
                int n = photo.getValue().size();
                Image image = ImageFiles.read(dir.resolve(photo.getKey()), "photo");
                List<Face> main = detector.detect(image).stream().filter(f -> f.score() >= 0.5f)
                        .sorted(Comparator.comparingDouble((Face f) -> f.box().area()).reversed()).limit(n)
                        .sorted(Comparator.comparingDouble(f -> f.box().centerX())).toList();
                if (main.size() != n) {
                    missed.add(photo.getKey());
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    out.add(new PhotoFace(photo.getKey(), photo.getValue().get(i).asText(), main.get(i),
                            embedder.embed(image, main.get(i))));
                }
            }
        }
        System.out.printf(Locale.ROOT, "photos: %d labelled faces taken; photos left out (a labelled face not"
                + " detected at score >= 0.5): %s%n", out.size(), missed.isEmpty() ? "none" : missed);
        pairs(out);
        return out;
    }

    /** Same-person and different-person cosine between single faces, for the cluster threshold. */
    private static void pairs(List<PhotoFace> faces) {
        List<Double> same = new ArrayList<>();
        List<Double> different = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            for (int j = i + 1; j < faces.size(); j++) {
                double c = dot(faces.get(i).vector(), faces.get(j).vector());
                (faces.get(i).label().equals(faces.get(j).label()) ? same : different).add(c);
            }
        }
        same.sort(null);
        different.sort(null);
        System.out.printf(Locale.ROOT, "photo face pairs: same person %d pairs, min %.3f, 10th pct %.3f, median %.3f;"
                        + " different people %d pairs, median %.3f, 90th pct %.3f, max %.3f%n", same.size(),
                same.get(0), pct(same, 0.10), pct(same, 0.5), different.size(), pct(different, 0.5),
                pct(different, 0.9), different.get(different.size() - 1));
    }

    private static double pct(List<Double> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    static Sweep photos(Assets assets, Setup setup) throws Exception {
        List<PhotoFace> faces = photoFaces(assets, setup);
        String model = "calibration/" + setup.tag();
        Sweep sweep = new Sweep(setup.thresholds());
        Set<String> photos = new LinkedHashSet<>();
        faces.forEach(f -> photos.add(f.photo()));
        List<String> variants = new ArrayList<>();
        variants.add(null);
        variants.addAll(PEOPLE);
        double genuineMin = Double.POSITIVE_INFINITY;
        double impostorMax = Double.NEGATIVE_INFINITY;
        for (String photo : photos) {
            List<PhotoFace> query = faces.stream().filter(f -> f.photo().equals(photo)).toList();
            List<Track> tracks = new ArrayList<>();
            List<ClusterCodec.Entry> identities = new ArrayList<>();
            for (int i = 0; i < query.size(); i++) {
                String id = String.format(Locale.ROOT, "t%04d", i + 1);
                tracks.add(new Track(id, 0, List.of(new FaceRecord(0, 0, query.get(i).face().box(),
                        query.get(i).face().score(), null, query.get(i).vector()))));
                identities.add(new ClusterCodec.Entry(String.format(Locale.ROOT, "p%02d", i + 1), List.of(id), 0.2,
                        "stills/" + id + ".jpg"));
            }
            ClusterCodec.Contents clusters = new ClusterCodec.Contents(identities, List.of(), List.of());
            for (String removed : variants) {
                List<Person> people = new ArrayList<>();
                int n = 0;
                for (String person : PEOPLE) {
                    n++;
                    if (person.equals(removed)) {
                        continue;
                    }
                    List<Reference> refs = faces.stream().filter(f -> f.label().equals(person)
                            && !f.photo().equals(photo)).map(f -> new Reference(model, f.vector(), null, null,
                            "shows/" + SHOW + "/photos/" + f.photo())).toList();
                    if (!refs.isEmpty()) {
                        people.add(new Person(String.format(Locale.ROOT, "c%03d", n), person, refs));
                    }
                }
                Cast cast = new Cast(SHOW, 1, people, List.of());
                for (PhotoFace q : query) {
                    for (Person p : people) {
                        double s = topMean(q.vector(), p.references());
                        if (p.name().equals(q.label())) {
                            genuineMin = Math.min(genuineMin, s);
                        } else {
                            impostorMax = Math.max(impostorMax, s);
                        }
                    }
                }
                for (int i = 0; i < sweep.thresholds.length; i++) {
                    for (int j = 0; j < MARGINS.length; j++) {
                        NameCodec.Contents named = Naming.name(new Naming.Inputs(tracks, clusters, cast, "photos",
                                model, new Calibration(0.45, sweep.thresholds[i], MARGINS[j]), 0.2, Optional.empty()));
                        Map<String, String> labels = new LinkedHashMap<>();
                        for (int k = 0; k < query.size(); k++) {
                            labels.put(tracks.get(k).id(), query.get(k).label());
                        }
                        count(sweep.counts[i][j], named, labels, people, null);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "photos: lowest score of a face's own person %.3f, highest of another person"
                + " %.3f (mean of the top %d reference similarities)%n", genuineMin, impostorMax, 3);
        return sweep;
    }

    private static double topMean(float[] v, List<Reference> refs) {
        double[] s = refs.stream().mapToDouble(r -> dot(v, r.vector())).sorted().toArray();
        double sum = 0;
        int n = 0;
        for (int i = s.length - 1; i >= 0 && n < 3; i--, n++) {
            sum += s[i];
        }
        return sum / n;
    }

    /**
     * Adds one naming's outcome: each output identity with a label (by its tracks' labels) is present when its
     * label is in the cast, and its automatic name is right or false; {@code userNamed} identities are skipped.
     */
    private static void count(Counts c, NameCodec.Contents named, Map<String, String> trackLabels,
                              List<Person> people, Set<String> skipLabels) {
        Set<String> inCast = new LinkedHashSet<>();
        people.forEach(p -> inCast.add(p.name()));
        Map<String, String> nameOf = new LinkedHashMap<>();
        people.forEach(p -> nameOf.put(p.id(), p.name()));
        for (NameCodec.Entry e : named.all()) {
            if (e.match() != null && "user".equals(e.match().by())) {
                continue;
            }
            Map<String, Integer> votes = new LinkedHashMap<>();
            e.trackIds().forEach(t -> {
                String l = trackLabels.get(t);
                if (l != null) {
                    votes.merge(l, 1, Integer::sum);
                }
            });
            String label = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElse(null);
            if (label == null || (skipLabels != null && skipLabels.contains(label))) {
                continue;
            }
            boolean present = inCast.contains(label);
            if (present) {
                c.present++;
            } else {
                c.absent++;
            }
            if (e.personId() != null) {
                if (label.equals(nameOf.get(e.personId()))) {
                    c.right++;
                } else {
                    c.wrong++;
                    if (!present) {
                        c.wrongOnAbsent++;
                    }
                }
            }
        }
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    // ---- cluster -------------------------------------------------------------------------------------------

    private static Episode episode(Assets assets, int n) {
        return new Episode(String.format(Locale.ROOT, "synth_e%02d", n), assets.root().resolve(n == 1
                ? "media/episode_synth.mp4" : "media/episode_synth_e02.mp4"), SHOW);
    }

    private static Path truth(Assets assets, int n) {
        return assets.root().resolve(n == 1 ? "media/episode_synth.truth.json" : "media/episode_synth_e02.truth.json");
    }

    static void clusterSweep(Assets assets, Setup setup, Path root) throws Exception {
        try (FacePipeline pipeline = setup.pipeline(root).build()) {
            for (int n = 1; n <= 2; n++) {
                pipeline.submit(episode(assets, n), Stage.CLUSTER).await();
            }
        }
        System.out.println();
        System.out.println(setup.tag() + ", cluster threshold: identities (cast + incidental), labelled identities,"
                + " weighted purity, per episode (episode 1 has 4 people, episode 2 has 5)");
        System.out.println("threshold | episode 1: cast incidental labelled purity | episode 2: cast incidental"
                + " labelled purity");
        for (double t : setup.clusterThresholds()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%9.2f", t));
            try (FacePipeline pipeline = setup.pipeline(root).clusterThreshold(t).build()) {
                for (int n = 1; n <= 2; n++) {
                    Episode e = episode(assets, n);
                    pipeline.submit(e, Stage.CLUSTER).await();
                    Path dir = pipeline.episodeDir(e.id());
                    EpisodeTruth.Score score = new EpisodeTruth(truth(assets, n)).score(dir);
                    JsonNode clusters = JSON.readTree(dir.resolve("cluster/clusters.json").toFile());
                    row.append(String.format(Locale.ROOT, " |            %4d %10d %9d %.3f",
                            clusters.path("identities").size(), clusters.path("incidental_identities").size(),
                            score.identitiesWithLabels(), score.purity()));
                }
            }
            System.out.println(row);
        }
    }

    // ---- season --------------------------------------------------------------------------------------------

    static Sweep season(Assets assets, Setup setup, Path root) throws Exception {
        Sweep sweep = new Sweep(setup.thresholds());
        DataLayout layout = new DataLayout(root);
        try (FacePipeline pipeline = setup.pipeline(root).build()) {
            for (int n = 1; n <= 2; n++) {
                pipeline.submit(episode(assets, n), Stage.NAME).await();
            }
            Episode e1 = episode(assets, 1);
            EpisodeResults r1 = pipeline.results(e1.id()).orElseThrow();
            Map<String, String> labels1 = identityLabels(assets, 1, pipeline, r1);
            ShowCast cast = pipeline.show(SHOW);
            for (Map.Entry<String, String> e : labels1.entrySet()) {
                if (PEOPLE.contains(e.getValue())) {
                    cast.name(e1.id(), e.getKey(), e.getValue());
                }
            }
            System.out.println();
            System.out.println(setup.tag() + ", season: episode 1 identities named by truth: " + labels1);
            Cast full = cast.cast();
            String model = full.people().get(0).references().get(0).modelId();
            Calibration own = ownCalibration(setup);
            List<String> variants = new ArrayList<>();
            variants.add(null);
            variants.addAll(PEOPLE);
            for (int n = 1; n <= 2; n++) {
                EpisodeKey key = EpisodeKey.of(episode(assets, n).id());
                List<Track> tracks = TrackCodec.read(layout, key, DetectCodec.read(layout, key));
                ClusterCodec.Contents clusters = ClusterCodec.read(layout, key).orElseThrow();
                Optional<NameCodec.Contents> previous = NameCodec.read(layout, key);
                Map<String, String> trackLabels = new EpisodeTruth(truth(assets, n)).trackLabels(
                        pipeline.episodeDir(key.value()));
                double period = pipeline.results(key.value()).orElseThrow().samplePeriodSeconds();
                for (String removed : variants) {
                    if (n == 1 && removed == null) {
                        continue;
                    }
                    List<Person> people = full.people().stream().filter(p -> !p.name().equals(removed)).toList();
                    Cast variant = new Cast(full.show(), full.version(), people, full.edits());
                    Set<String> skip = new LinkedHashSet<>(PEOPLE);
                    if (n == 1) {
                        skip.remove(removed);
                    }
                    for (int i = 0; i < sweep.thresholds.length; i++) {
                        for (int j = 0; j < MARGINS.length; j++) {
                            NameCodec.Contents named = Naming.name(new Naming.Inputs(tracks, clusters, variant,
                                    key.value(), model, new Calibration(own.clusterThreshold(), sweep.thresholds[i],
                                    MARGINS[j]), period, previous));
                            count(sweep.counts[i][j], named, trackLabels, people, n == 1 ? skip : null);
                        }
                    }
                }
            }
            // The embedder's own calibration, through the name stage itself.
            pipeline.submit(episode(assets, 2), Stage.NAME).await();
            EpisodeResults r2 = pipeline.results(episode(assets, 2).id()).orElseThrow();
            Map<String, String> labels2 = identityLabels(assets, 2, pipeline, r2);
            StringBuilder names = new StringBuilder();
            for (EpisodeResults.Identity i : concat(r2)) {
                names.append(String.format(Locale.ROOT, " %s(%s)=%s", i.id(), labels2.getOrDefault(i.id(), "?"),
                        i.isNamed() ? i.name() + String.format(Locale.ROOT, "@%.3f/%s", i.match().similarity(),
                                i.match().runnerUp() == null ? "-" : String.format(Locale.ROOT, "%.3f",
                                        i.match().runnerUp())) : "unnamed"));
            }
            System.out.printf(Locale.ROOT, "%s, name stage on episode 2 with the embedder's calibration %s:%s%n",
                    setup.tag(), own, names);
        }
        return sweep;
    }

    private static Calibration ownCalibration(Setup setup) {
        try (Embedder e = Providers.fromClassPath().embedder(setup.embedder(), setup.embedderConfig())) {
            return e.calibration();
        }
    }

    private static List<EpisodeResults.Identity> concat(EpisodeResults r) {
        List<EpisodeResults.Identity> all = new ArrayList<>(r.identities());
        all.addAll(r.incidentalIdentities());
        return all;
    }

    /** Each identity's majority truth label, cast and incidental alike. */
    private static Map<String, String> identityLabels(Assets assets, int n, FacePipeline pipeline, EpisodeResults r)
            throws Exception {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (EpisodeResults.Identity i : concat(r)) {
            groups.put(i.id(), i.tracks().stream().map(EpisodeResults.Track::id).toList());
        }
        return new EpisodeTruth(truth(assets, n)).groupLabels(pipeline.episodeDir(r.episode().id()), groups);
    }

    static String describe(double[] values) {
        return Arrays.toString(values);
    }
}
