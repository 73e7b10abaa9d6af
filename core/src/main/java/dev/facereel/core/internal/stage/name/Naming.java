package dev.facereel.core.internal.stage.name;

import dev.facereel.core.JobStoreException;
import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Edit;
import dev.facereel.core.cast.Person;
import dev.facereel.core.cast.Reference;
import dev.facereel.core.cast.TrackAnchor;
import dev.facereel.core.internal.stage.Vectors;
import dev.facereel.core.internal.stage.cluster.ClusterCodec;
import dev.facereel.core.internal.stage.cluster.Clusterer;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import dev.facereel.core.internal.stage.stills.StillsStage;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.spi.Calibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name stage's answer, computed from its inputs alone (so it is deterministic and needs no files):
 * <ol>
 *   <li>The clustering's identities are the starting groups of tracks.
 *   <li>The episode's edits are replayed in the order they were made, each on the tracks its anchors find now
 *       ({@link TrackAnchors}): {@code name} puts the tracks (and any identity already named after that person)
 *       into one identity named by the user, with the rest of their identities unless the user named one after
 *       someone else, in which case only the edit's tracks leave it; {@code not} takes the name away if it
 *       was that person's and rules the person out for those tracks; {@code merge} joins the identities
 *       holding the tracks (the first named one keeps its name); {@code move} takes the tracks out of their identity into the one holding most of the
 *       {@code with} tracks, or into a new identity of their own. An edit that finds none of its tracks, or of the
 *       tracks it moves to, is reported in {@code unresolved_edits}; edits of a person no longer in the cast are
 *       skipped.
 *   <li>Every identity the user did not name is matched against the people with references made by this model,
 *       except those ruled out for its tracks and those the user named in this episode: a person's score is the
 *       mean of their three most similar references to the identity's mean embedding. The identity is named when
 *       the best score reaches the embedder's match threshold and leads the runner-up by its margin (open-set).
 *       When several identities get one person, the most similar keeps the name and the others join it, unless
 *       one of them shares a frame with it (two faces in one frame are two people), in which case it stays
 *       unnamed.
 *   <li>A named identity counts as cast even if the clustering called it incidental.
 *   <li>Ids: each identity keeps the id of the previous answer's identity (or, the first time, of the
 *       clustering's) with which it shares most tracks; others get new numbers.
 * </ol>
 */
public final class Naming {
    /** How many of a person's most similar references make their score. */
    static final int TOP_REFERENCES = 3;
    private static final Pattern NUMBER = Pattern.compile("p([0-9]+)");

    private Naming() {
    }

    /** What the name stage works from. */
    public record Inputs(List<Track> tracks, ClusterCodec.Contents clusters, Cast cast, String episode,
                         String modelId, Calibration calibration, double samplePeriodSeconds,
                         Optional<NameCodec.Contents> previous) {
    }

    /** The named identities, as {@code name/identities.json} holds them. */
    public static NameCodec.Contents name(Inputs in) {
        return new Run(in).result();
    }

    private static final class Group {
        final LinkedHashSet<String> tracks = new LinkedHashSet<>();
        boolean cast;
        String user;
        String auto;
        Double similarity;
        Double runnerUp;
        float[] mean;
    }

    private static final class Run {
        private final Inputs in;
        private final Map<String, Track> tracks = new LinkedHashMap<>();
        private final Map<String, Integer> order = new HashMap<>();
        private final List<Group> groups = new ArrayList<>();
        private final Map<String, Group> groupOf = new HashMap<>();
        private final Set<String> unclustered;
        private final Map<String, Set<String>> ruledOut = new HashMap<>();
        private final List<NameCodec.Unresolved> unresolved = new ArrayList<>();
        private final TrackAnchors anchors;
        private final Map<String, Person> people = new LinkedHashMap<>();

        Run(Inputs in) {
            this.in = in;
            in.tracks().forEach(t -> {
                tracks.put(t.id(), t);
                order.put(t.id(), order.size());
            });
            anchors = new TrackAnchors(in.tracks());
            unclustered = new LinkedHashSet<>(in.clusters().unclusteredTrackIds());
            in.cast().people().forEach(p -> people.put(p.id(), p));
            in.clusters().cast().forEach(e -> start(e, true));
            in.clusters().incidental().forEach(e -> start(e, false));
        }

        private void start(ClusterCodec.Entry entry, boolean cast) {
            Group g = new Group();
            g.cast = cast;
            for (String id : entry.trackIds()) {
                if (!tracks.containsKey(id)) {
                    throw new JobStoreException("corrupt clustering: identity " + entry.id() + " names track " + id
                            + ", which the track stage does not have");
                }
                g.tracks.add(id);
                groupOf.put(id, g);
            }
            groups.add(g);
        }

        NameCodec.Contents result() {
            in.cast().edits(in.episode()).forEach(this::replay);
            groups.forEach(g -> g.mean = mean(g));
            match();
            return numbered();
        }

        private void replay(Edit edit) {
            if (edit.person() != null && !people.containsKey(edit.person())
                    && (edit.kind() == Edit.Kind.NAME || edit.kind() == Edit.Kind.NOT)) {
                return;
            }
            switch (edit.kind()) {
                case NAME -> found(edit, edit.tracks()).ifPresent(r -> {
                    List<Group> named = new ArrayList<>();
                    List<String> taken = new ArrayList<>();
                    for (Group g : groupsOf(r)) {
                        if (g.user == null || g.user.equals(edit.person())) {
                            named.add(g);
                        } else {
                            // The user named that identity after someone else: take out only these tracks.
                            r.stream().filter(g.tracks::contains).forEach(taken::add);
                        }
                    }
                    groups.stream().filter(g -> edit.person().equals(g.user) && !named.contains(g)).forEach(named::add);
                    if (!taken.isEmpty()) {
                        named.add(takeOut(taken));
                    }
                    Group joined = join(named);
                    joined.user = edit.person();
                    r.forEach(t -> ruledOut.getOrDefault(t, new HashSet<>()).remove(edit.person()));
                });
                case NOT -> found(edit, edit.tracks()).ifPresent(r -> {
                    groupsOf(r).stream().filter(g -> edit.person().equals(g.user)).forEach(g -> g.user = null);
                    r.forEach(t -> ruledOut.computeIfAbsent(t, k -> new HashSet<>()).add(edit.person()));
                });
                case MERGE -> found(edit, edit.tracks()).ifPresent(r -> join(groupsOf(r)));
                case MOVE -> found(edit, edit.tracks()).ifPresent(r -> move(edit, r));
                default -> {
                    // edits of the cast itself change no episode's groups
                }
            }
        }

        /** The tracks out of their groups, into a new one (a group left empty goes). */
        private Group takeOut(List<String> moving) {
            Group out = new Group();
            for (String t : moving) {
                Group old = groupFor(t);
                out.cast |= old.cast;
                old.tracks.remove(t);
                if (old.tracks.isEmpty()) {
                    groups.remove(old);
                }
                out.tracks.add(t);
                groupOf.put(t, out);
            }
            groups.add(out);
            return out;
        }

        private void move(Edit edit, List<String> moving) {
            Group target = null;
            if (!edit.with().isEmpty()) {
                List<String> with = resolve(edit.with());
                with.removeAll(moving);
                if (with.isEmpty()) {
                    unresolved.add(new NameCodec.Unresolved(edit.id(), edit.kind().id(), "none of the "
                            + edit.with().size() + " tracks of the identity it moved tracks to is found"));
                    return;
                }
                Map<Group, Integer> votes = new LinkedHashMap<>();
                with.forEach(t -> votes.merge(groupFor(t), 1, Integer::sum));
                target = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            }
            boolean wasCast = false;
            for (String t : moving) {
                Group old = groupFor(t);
                wasCast |= old.cast;
                old.tracks.remove(t);
                if (old.tracks.isEmpty() && old != target) {
                    groups.remove(old);
                }
            }
            if (target == null) {
                target = new Group();
                target.cast = wasCast;
                groups.add(target);
            }
            for (String t : moving) {
                target.tracks.add(t);
                groupOf.put(t, target);
            }
        }

        /** The current tracks the edit's anchors find, or empty (and the edit reported) when none. */
        private Optional<List<String>> found(Edit edit, List<TrackAnchor> wanted) {
            List<String> r = resolve(wanted);
            if (r.isEmpty()) {
                unresolved.add(new NameCodec.Unresolved(edit.id(), edit.kind().id(), "none of its " + wanted.size()
                        + (wanted.size() == 1 ? " track is" : " tracks is") + " found among the episode's tracks"));
                return Optional.empty();
            }
            return Optional.of(r);
        }

        private List<String> resolve(List<TrackAnchor> wanted) {
            LinkedHashSet<String> r = new LinkedHashSet<>();
            for (TrackAnchor a : wanted) {
                anchors.find(a).ifPresent(t -> r.add(t.id()));
            }
            return new ArrayList<>(r);
        }

        private List<Group> groupsOf(List<String> trackIds) {
            LinkedHashSet<Group> out = new LinkedHashSet<>();
            trackIds.forEach(t -> out.add(groupFor(t)));
            return new ArrayList<>(out);
        }

        /** The group of a track; an unclustered track an edit names becomes an identity of its own. */
        private Group groupFor(String trackId) {
            Group g = groupOf.get(trackId);
            if (g == null) {
                g = new Group();
                g.tracks.add(trackId);
                groupOf.put(trackId, g);
                groups.add(g);
                unclustered.remove(trackId);
            }
            return g;
        }

        /** Joins the groups into the first; the first user name among them stays. */
        private Group join(List<Group> joining) {
            Group into = joining.get(0);
            for (Group g : joining.subList(1, joining.size())) {
                into.tracks.addAll(g.tracks);
                g.tracks.forEach(t -> groupOf.put(t, into));
                into.cast |= g.cast;
                if (into.user == null) {
                    into.user = g.user;
                }
                groups.remove(g);
            }
            return into;
        }

        private float[] mean(Group g) {
            double[] sum = null;
            for (String id : g.tracks) {
                float[] m = tracks.get(id).meanEmbedding();
                if (Vectors.isZero(m)) {
                    continue;
                }
                if (sum == null) {
                    sum = new double[m.length];
                }
                for (int i = 0; i < m.length; i++) {
                    sum[i] += m[i];
                }
            }
            return sum == null ? null : Vectors.normalised(sum);
        }

        private void match() {
            Set<String> namedByUser = new HashSet<>();
            groups.stream().filter(g -> g.user != null).forEach(g -> namedByUser.add(g.user));
            for (Group g : groups) {
                if (g.mean == null) {
                    continue;
                }
                Set<String> excluded = new HashSet<>();
                g.tracks.forEach(t -> excluded.addAll(ruledOut.getOrDefault(t, Set.of())));
                String best = null;
                double bestScore = Double.NEGATIVE_INFINITY;
                double runnerUp = Double.NEGATIVE_INFINITY;
                double own = Double.NaN;
                for (Person p : people.values()) {
                    double s = score(g.mean, p.references(in.modelId()));
                    if (Double.isNaN(s)) {
                        continue;
                    }
                    if (p.id().equals(g.user)) {
                        own = s;
                        continue;
                    }
                    if (g.user == null && (excluded.contains(p.id()) || namedByUser.contains(p.id()))) {
                        continue;
                    }
                    if (s > bestScore) {
                        runnerUp = bestScore;
                        bestScore = s;
                        best = p.id();
                    } else if (s > runnerUp) {
                        runnerUp = s;
                    }
                }
                if (g.user != null) {
                    g.similarity = Double.isNaN(own) ? null : own;
                    g.runnerUp = best == null ? null : bestScore;
                } else if (best != null && bestScore >= in.calibration().matchThreshold()
                        && bestScore - runnerUp >= in.calibration().matchMargin()) {
                    g.auto = best;
                    g.similarity = bestScore;
                    g.runnerUp = runnerUp == Double.NEGATIVE_INFINITY ? null : runnerUp;
                }
            }
            joinAutoNamesake();
        }

        /** One person is one identity: the most similar keeps an automatic name, others join it if they can. */
        private void joinAutoNamesake() {
            Map<String, List<Group>> byPerson = new LinkedHashMap<>();
            groups.stream().filter(g -> g.auto != null).forEach(g -> byPerson.computeIfAbsent(g.auto,
                    k -> new ArrayList<>()).add(g));
            for (List<Group> same : byPerson.values()) {
                same.sort(Comparator.comparingDouble((Group g) -> g.similarity).reversed());
                Group keep = same.get(0);
                for (Group other : same.subList(1, same.size())) {
                    if (sharesFrame(keep, other)) {
                        other.auto = null;
                        other.similarity = null;
                        other.runnerUp = null;
                    } else {
                        keep.tracks.addAll(other.tracks);
                        other.tracks.forEach(t -> groupOf.put(t, keep));
                        keep.cast |= other.cast;
                        groups.remove(other);
                    }
                }
            }
        }

        private boolean sharesFrame(Group a, Group b) {
            Set<Integer> frames = new HashSet<>();
            a.tracks.forEach(t -> tracks.get(t).faces().forEach(f -> frames.add(f.frame())));
            for (String t : b.tracks) {
                for (FaceRecord f : tracks.get(t).faces()) {
                    if (frames.contains(f.frame())) {
                        return true;
                    }
                }
            }
            return false;
        }

        private NameCodec.Contents numbered() {
            record Sized(Group group, List<Track> members, double screenTime) {
            }
            List<Sized> sized = new ArrayList<>();
            for (Group g : groups) {
                List<Track> members = g.tracks.stream().map(tracks::get)
                        .sorted(Comparator.comparingInt((Track t) -> order.get(t.id()))).toList();
                sized.add(new Sized(g, members, Clusterer.screenTimeSeconds(members, in.samplePeriodSeconds())));
            }
            sized.sort(Comparator.comparing((Sized s) -> !(s.group().cast || named(s.group())))
                    .thenComparing(Comparator.comparingDouble(Sized::screenTime).reversed())
                    .thenComparingInt(s -> order.get(s.members().get(0).id())));
            Map<String, String> earlier = new HashMap<>();
            List<NameCodec.Entry> before = in.previous().map(NameCodec.Contents::all).orElse(List.of());
            if (before.isEmpty()) {
                in.clusters().cast().forEach(e -> e.trackIds().forEach(t -> earlier.put(t, e.id())));
                in.clusters().incidental().forEach(e -> e.trackIds().forEach(t -> earlier.put(t, e.id())));
            } else {
                before.forEach(e -> e.trackIds().forEach(t -> earlier.put(t, e.id())));
            }
            int next = 1 + earlier.values().stream().mapToInt(Naming::number).max().orElse(0);
            Set<String> used = new HashSet<>();
            List<NameCodec.Entry> cast = new ArrayList<>();
            List<NameCodec.Entry> incidental = new ArrayList<>();
            for (Sized s : sized) {
                Map<String, Integer> votes = new LinkedHashMap<>();
                s.members().forEach(t -> {
                    String id = earlier.get(t.id());
                    if (id != null && !used.contains(id)) {
                        votes.merge(id, 1, Integer::sum);
                    }
                });
                String id = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                        .orElse(null);
                if (id == null) {
                    id = String.format(Locale.ROOT, "p%02d", next++);
                }
                used.add(id);
                Group g = s.group();
                String person = g.user != null ? g.user : g.auto;
                NameCodec.Match match = person == null ? null
                        : new NameCodec.Match(g.user != null ? "user" : "auto", g.similarity, g.runnerUp);
                NameCodec.Entry entry = new NameCodec.Entry(id, s.members().stream().map(Track::id).toList(),
                        s.screenTime(), StillsStage.stillOf(Clusterer.stillTrack(s.members()).id()), person,
                        person == null ? null : people.get(person).name(), match);
                (g.cast || person != null ? cast : incidental).add(entry);
            }
            return new NameCodec.Contents(cast, incidental, new ArrayList<>(unclustered), unresolved,
                    in.cast().version());
        }

        private static boolean named(Group g) {
            return g.user != null || g.auto != null;
        }
    }

    /** The mean of the {@value #TOP_REFERENCES} highest similarities, NaN without references. */
    static double score(float[] mean, List<Reference> references) {
        if (references.isEmpty()) {
            return Double.NaN;
        }
        double[] s = new double[references.size()];
        for (int i = 0; i < s.length; i++) {
            float[] v = references.get(i).vector();
            s[i] = v.length == mean.length ? Vectors.dot(mean, v) : Double.NaN;
        }
        Arrays.sort(s);
        int n = 0;
        double sum = 0;
        for (int i = s.length - 1; i >= 0 && n < TOP_REFERENCES; i--) {
            if (!Double.isNaN(s[i])) {
                sum += s[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static int number(String id) {
        Matcher m = NUMBER.matcher(id);
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }
}
