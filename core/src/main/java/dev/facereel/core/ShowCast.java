package dev.facereel.core;

import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.CastStore;
import dev.facereel.core.cast.Edit;
import dev.facereel.core.cast.Person;
import dev.facereel.core.cast.Reference;
import dev.facereel.core.cast.TrackAnchor;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.cast.CastUpdates;
import dev.facereel.core.internal.cast.FaceVectors;
import dev.facereel.core.internal.cast.ShowNames;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.internal.opencv.ImageFiles;
import dev.facereel.core.internal.stage.EpisodeFile;
import dev.facereel.core.internal.stage.StageSettings;
import dev.facereel.core.internal.stage.Vectors;
import dev.facereel.core.internal.stage.cluster.ClusterCodec;
import dev.facereel.core.internal.stage.detect.DetectCodec;
import dev.facereel.core.internal.stage.name.NameCodec;
import dev.facereel.core.internal.stage.name.TrackAnchors;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.core.internal.stage.track.TrackCodec;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One show's cast and the corrections to its episodes, from {@link FacePipeline#show(String)}. Every change is
 * one atomic step in the {@link CastStore} of the pipeline's job storage, retried on top of whatever other
 * processes stored meanwhile, and recorded with its time in the edit log; it changes no episode's files. An
 * episode's {@link Stage#NAME} stage applies it: until that stage runs again (it is stale after every change),
 * {@link FacePipeline#results} shows the episode as before. Bad input throws {@link InvalidInputException} naming
 * it, before anything is stored. Thread-safe.
 */
public final class ShowCast {
    private static final Pattern PERSON_ID = Pattern.compile("c([0-9]+)");
    private static final Pattern EDIT_ID = Pattern.compile("e([0-9]+)");

    private final String show;
    private final DataLayout layout;
    private final CastStore store;
    private final Detector detector;
    private final Embedder embedder;
    private final Clock clock;

    ShowCast(String show, DataLayout layout, CastStore store, Detector detector, Embedder embedder, Clock clock) {
        this.show = ShowNames.requireShow(show);
        this.layout = layout;
        this.store = store;
        this.detector = detector;
        this.embedder = embedder;
        this.clock = clock;
    }

    /** The show's name. */
    public String show() {
        return show;
    }

    /** The cast as stored now. */
    public Cast cast() {
        return store.read(show);
    }

    /**
     * Adds reference photos to the person with this name, creating the person if the cast has none. Each photo
     * must show exactly one face; it is embedded with the pipeline's embedder and copied under the data root, so
     * that another embedder can embed it again.
     *
     * @throws InvalidInputException when the name is empty, too long or holds control characters, no photo is
     *     given, or a photo is missing, not an image, or shows no face or several
     */
    public Person add(String name, List<Path> photos) {
        String clean = ShowNames.requirePersonName(name);
        if (photos.isEmpty()) {
            throw new InvalidInputException("give at least one reference photo of " + clean);
        }
        List<float[]> vectors = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (Path photo : photos) {
            Image image = ImageFiles.read(photo, "reference photo");
            vectors.add(FaceVectors.ofPhoto(image, photo.toString(), detector, embedder));
            try {
                contents.add(Files.readAllBytes(photo));
            } catch (IOException e) {
                throw new InvalidInputException("reference photo " + photo + " cannot be read: " + e.getMessage());
            }
        }
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            String file = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                    + extension(photos.get(i));
            Path target = layout.photosDir(show).resolve(file);
            AtomicFiles.write(target, contents.get(i));
            stored.add(layout.root().relativize(target).toString().replace('\\', '/'));
        }
        Cast after = update(cast -> {
            Cast c = withPersonNamed(cast, clean);
            Person p = c.personNamed(clean).orElseThrow();
            List<Reference> refs = new ArrayList<>(p.references());
            for (int i = 0; i < stored.size(); i++) {
                refs.add(new Reference(embedder.modelId(), vectors.get(i), null, null, stored.get(i)));
            }
            c = withPerson(c, new Person(p.id(), p.name(), refs));
            return withEdit(c, Edit.Kind.ADD_PHOTOS, null, p.id(), p.name(), List.of(), List.of());
        });
        return after.personNamed(clean).orElseThrow();
    }

    /**
     * Renames a person; their references and the names in episodes follow.
     *
     * @throws InvalidInputException when nobody has the old name, the new one is invalid or someone else's
     */
    public Person rename(String oldName, String newName) {
        String clean = ShowNames.requirePersonName(newName);
        String id = requirePerson(cast(), oldName).id();
        Cast after = update(cast -> {
            Person p = requirePerson(cast, oldName);
            cast.personNamed(clean).filter(other -> !other.id().equals(p.id())).ifPresent(other -> {
                throw new InvalidInputException("show '" + show + "' already has a person named '" + other.name()
                        + "' (" + other.id() + ")");
            });
            return withEdit(withPerson(cast, new Person(p.id(), clean, p.references())), Edit.Kind.RENAME_PERSON,
                    null, p.id(), clean, List.of(), List.of());
        });
        return after.person(id).orElseThrow();
    }

    /**
     * Removes a person from the cast, with their references; identities named after them become unnamed.
     *
     * @throws InvalidInputException when nobody has that name
     */
    public void remove(String name) {
        requirePerson(cast(), name);
        update(cast -> {
            Person p = requirePerson(cast, name);
            List<Person> people = new ArrayList<>(cast.people());
            people.removeIf(other -> other.id().equals(p.id()));
            return withEdit(new Cast(show, cast.version(), people, cast.edits()), Edit.Kind.REMOVE_PERSON, null,
                    p.id(), p.name(), List.of(), List.of());
        });
    }

    /**
     * Names an identity of an episode after a person, creating the person when the cast has nobody of that name.
     * The identity's tracks become the person's references; if it was named after someone else, their references
     * from these tracks go.
     *
     * @throws InvalidInputException when the episode is not in this show or has no such identity, or the name is
     *     invalid
     */
    public Edit name(String episodeId, String identityId, String name) {
        String clean = ShowNames.requirePersonName(name);
        EpisodeView view = view(episodeId);
        NameCodec.Entry identity = view.identity(identityId);
        List<Track> tracks = view.tracks(identity.trackIds());
        String model = view.embeddingModel();
        Cast after = update(cast -> {
            Cast c = withPersonNamed(cast, clean);
            Person p = c.personNamed(clean).orElseThrow();
            if (identity.personId() != null && !identity.personId().equals(p.id())) {
                c = withoutReferences(c, identity.personId(), view.key(), identity.trackIds());
            }
            List<Reference> refs = new ArrayList<>(p.references());
            Set<String> have = new LinkedHashSet<>();
            refs.stream().filter(r -> !r.fromPhoto() && r.episode().equals(view.key()) && r.modelId().equals(model))
                    .forEach(r -> have.add(r.track().trackId()));
            for (Track t : tracks) {
                float[] mean = t.meanEmbedding();
                if (!Vectors.isZero(mean) && !have.contains(t.id())) {
                    refs.add(new Reference(model, mean, view.key(), TrackAnchors.of(t), null));
                }
            }
            c = withPerson(c, new Person(p.id(), p.name(), refs));
            return withEdit(c, Edit.Kind.NAME, view.key(), p.id(), p.name(), anchors(tracks), List.of());
        });
        return last(after);
    }

    /**
     * Takes an identity's name away and records that it is not that person, so it is never named after them
     * automatically again.
     *
     * @throws InvalidInputException when the episode is not in this show, has no such identity, or it has no name
     */
    public Edit unname(String episodeId, String identityId) {
        EpisodeView view = view(episodeId);
        NameCodec.Entry identity = view.identity(identityId);
        if (identity.personId() == null) {
            throw new InvalidInputException("identity " + identityId + " of episode '" + view.key()
                    + "' has no name to take away");
        }
        List<Track> tracks = view.tracks(identity.trackIds());
        Cast after = update(cast -> withEdit(withoutReferences(cast, identity.personId(), view.key(),
                        identity.trackIds()), Edit.Kind.NOT, view.key(), identity.personId(), identity.name(),
                anchors(tracks), List.of()));
        return last(after);
    }

    /**
     * Merges identities of an episode into one; it keeps the first named one's name.
     *
     * @throws InvalidInputException when fewer than two are given, one is given twice, or one does not exist
     */
    public Edit merge(String episodeId, List<String> identityIds) {
        if (identityIds.size() < 2) {
            throw new InvalidInputException("a merge needs at least two identities, got " + identityIds);
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : identityIds) {
            if (!distinct.add(id)) {
                throw new InvalidInputException("cannot merge identity " + id + " with itself");
            }
        }
        EpisodeView view = view(episodeId);
        List<Track> tracks = new ArrayList<>();
        for (String id : identityIds) {
            tracks.addAll(view.tracks(view.identity(id).trackIds()));
        }
        return last(update(cast -> withEdit(cast, Edit.Kind.MERGE, view.key(), null, null, anchors(tracks),
                List.of())));
    }

    /**
     * Moves a track to another identity of its episode, or, when {@code toIdentityId} is null, out into a new
     * identity of its own. If its identity was named by the user, the track stops being one of that person's
     * references.
     *
     * @throws InvalidInputException when the track or the identity does not exist, or the track is already there
     */
    public Edit move(String episodeId, String trackId, String toIdentityId) {
        EpisodeView view = view(episodeId);
        Track track = view.tracks(List.of(trackId)).get(0);
        NameCodec.Entry from = view.identityOf(trackId);
        List<Track> with = List.of();
        if (toIdentityId != null) {
            NameCodec.Entry to = view.identity(toIdentityId);
            if (from != null && from.id().equals(to.id())) {
                throw new InvalidInputException("track " + trackId + " is already in identity " + to.id());
            }
            with = view.tracks(to.trackIds());
        } else if (from != null && from.trackIds().size() == 1) {
            throw new InvalidInputException("track " + trackId + " is already alone in identity " + from.id());
        }
        List<Track> target = with;
        return last(update(cast -> {
            Cast c = cast;
            if (from != null && from.personId() != null && "user".equals(from.match().by())) {
                c = withoutReferences(c, from.personId(), view.key(), List.of(trackId));
            }
            return withEdit(c, Edit.Kind.MOVE, view.key(), null, null, anchors(List.of(track)), anchors(target));
        }));
    }

    private Cast update(UnaryOperator<Cast> change) {
        return CastUpdates.update(store, show, change);
    }

    private Person requirePerson(Cast cast, String name) {
        return cast.personNamed(Objects.requireNonNull(name, "name")).orElseThrow(() -> new InvalidInputException(
                "show '" + show + "' has nobody named '" + name.strip() + "'; its cast is: " + (cast.people().isEmpty()
                        ? "empty" : String.join(", ", cast.people().stream().map(Person::name).toList()))));
    }

    private static Edit last(Cast cast) {
        return cast.edits().get(cast.edits().size() - 1);
    }

    private Cast withEdit(Cast cast, Edit.Kind kind, String episode, String person, String name,
                          List<TrackAnchor> tracks, List<TrackAnchor> with) {
        List<Edit> edits = new ArrayList<>(cast.edits());
        edits.add(new Edit(String.format(Locale.ROOT, "e%04d", 1 + cast.edits().stream()
                .mapToInt(e -> number(EDIT_ID, e.id())).max().orElse(0)), clock.instant(), kind, episode, person,
                name, tracks, with));
        return new Cast(cast.show(), cast.version(), cast.people(), edits);
    }

    /** The cast with a person of this name: the one it has, or a new one (and the edit that added them). */
    private Cast withPersonNamed(Cast cast, String name) {
        if (cast.personNamed(name).isPresent()) {
            return cast;
        }
        Person p = new Person(nextPersonId(cast), name, List.of());
        return withEdit(withPerson(cast, p), Edit.Kind.ADD_PERSON, null, p.id(), name, List.of(), List.of());
    }

    private static Cast withPerson(Cast cast, Person person) {
        List<Person> people = new ArrayList<>(cast.people());
        people.removeIf(p -> p.id().equals(person.id()));
        people.add(person);
        people.sort(java.util.Comparator.comparingInt(p -> number(PERSON_ID, p.id())));
        return new Cast(cast.show(), cast.version(), people, cast.edits());
    }

    private static Cast withoutReferences(Cast cast, String personId, String episode, List<String> trackIds) {
        return cast.person(personId).map(p -> withPerson(cast, new Person(p.id(), p.name(), p.references().stream()
                .filter(r -> r.fromPhoto() || !r.episode().equals(episode) || !trackIds.contains(r.track().trackId()))
                .toList()))).orElse(cast);
    }

    /** A new person id, above every id the cast or its log ever used, so a removed person's is never reused. */
    private static String nextPersonId(Cast cast) {
        int max = cast.people().stream().mapToInt(p -> number(PERSON_ID, p.id())).max().orElse(0);
        for (Edit e : cast.edits()) {
            if (e.person() != null) {
                max = Math.max(max, number(PERSON_ID, e.person()));
            }
        }
        return String.format(Locale.ROOT, "c%03d", max + 1);
    }

    private static int number(Pattern pattern, String id) {
        Matcher m = pattern.matcher(id);
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static List<TrackAnchor> anchors(List<Track> tracks) {
        return tracks.stream().map(TrackAnchors::of).toList();
    }

    private static String extension(Path photo) {
        String name = photo.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot);
        return ext.matches("\\.[a-z0-9]{1,5}") ? ext : ".img";
    }

    private EpisodeView view(String episodeId) {
        EpisodeKey key = EpisodeKey.of(episodeId);
        EpisodeFile.Contents episode = EpisodeFile.read(layout, key).orElseThrow(() -> new InvalidInputException(
                "unknown episode '" + episodeId + "': nothing is recorded under " + layout.episodeDir(key)));
        if (!episode.episode().show().equals(show)) {
            throw new InvalidInputException("episode '" + key.value() + "' belongs to show '"
                    + episode.episode().show() + "', not '" + show + "'");
        }
        List<NameCodec.Entry> identities = NameCodec.read(layout, key).map(NameCodec.Contents::all)
                .or(() -> ClusterCodec.read(layout, key).map(c -> {
                    List<NameCodec.Entry> all = new ArrayList<>();
                    c.cast().forEach(e -> all.add(unnamed(e)));
                    c.incidental().forEach(e -> all.add(unnamed(e)));
                    return all;
                }))
                .orElseThrow(() -> new InvalidInputException("episode '" + key.value() + "' has no identities yet; "
                        + "analyse it first"));
        return new EpisodeView(key.value(), identities, layout);
    }

    private static NameCodec.Entry unnamed(ClusterCodec.Entry e) {
        return new NameCodec.Entry(e.id(), e.trackIds(), e.screenTimeSeconds(), e.still(), null, null, null);
    }

    /** An episode's identities as the user sees them now, and its tracks, read once. */
    private static final class EpisodeView {
        private final String key;
        private final Map<String, NameCodec.Entry> identities = new LinkedHashMap<>();
        private final DataLayout layout;
        private Map<String, Track> tracks;

        EpisodeView(String key, List<NameCodec.Entry> identities, DataLayout layout) {
            this.key = key;
            this.layout = layout;
            identities.forEach(e -> this.identities.put(e.id(), e));
        }

        String key() {
            return key;
        }

        NameCodec.Entry identity(String id) {
            NameCodec.Entry e = identities.get(id);
            if (e == null) {
                throw new InvalidInputException("unknown identity '" + id + "' in episode '" + key
                        + "': expected one of " + String.join(", ", identities.keySet()));
            }
            return e;
        }

        NameCodec.Entry identityOf(String trackId) {
            return identities.values().stream().filter(e -> e.trackIds().contains(trackId)).findFirst().orElse(null);
        }

        List<Track> tracks(List<String> ids) {
            if (tracks == null) {
                tracks = new LinkedHashMap<>();
                EpisodeKey k = EpisodeKey.of(key);
                TrackCodec.read(layout, k, DetectCodec.read(layout, k)).forEach(t -> tracks.put(t.id(), t));
            }
            List<Track> out = new ArrayList<>();
            for (String id : ids) {
                Track t = tracks.get(id);
                if (t == null) {
                    throw new InvalidInputException("unknown track '" + id + "' in episode '" + key + "': it has "
                            + tracks.size() + " tracks, " + (tracks.isEmpty() ? "none" : "such as "
                            + tracks.keySet().iterator().next()));
                }
                out.add(t);
            }
            return out;
        }

        /** The model that made the episode's embeddings, as its detect stage recorded it. */
        String embeddingModel() {
            return StageSettings.read(layout.stageDir(EpisodeKey.of(key), Stage.DETECT))
                    .map(s -> s.get("embedder")).filter(Objects::nonNull).orElseThrow(() ->
                            new InvalidInputException("episode '" + key + "' has no detect results; analyse it"));
        }
    }

    @Override
    public String toString() {
        return "ShowCast[" + show + "]";
    }
}
