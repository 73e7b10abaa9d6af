package dev.facereel.core.cast;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One correction, as the cast's edit log records it. Edits of an episode are facts about its tracks, replayed on
 * top of each new clustering in the order they were made, so a re-cluster, a re-detect or a model change keeps
 * them. Immutable.
 *
 * @param id      {@code e0001}…, in the order edits were made
 * @param at      when it was made
 * @param kind    what it says
 * @param episode the episode key, or null for an edit of the cast itself
 * @param person  the person it names or rules out, or null
 * @param name    the person's name when the edit was made (or the new name of a rename), or null
 * @param tracks  the tracks it is about
 * @param with    for {@link Kind#MERGE} nothing, for {@link Kind#MOVE} the tracks of the identity the tracks moved to
 *                (empty when they were split out as a new identity)
 */
public record Edit(String id, Instant at, Kind kind, String episode, String person, String name,
                   List<TrackAnchor> tracks, List<TrackAnchor> with) {
    public Edit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        tracks = List.copyOf(tracks);
        with = List.copyOf(with);
    }

    /** What an edit says. */
    public enum Kind {
        /** The tracks are {@code person}. */
        NAME,
        /** The tracks are not {@code person}: they are never named after them automatically. */
        NOT,
        /** The tracks are one person. */
        MERGE,
        /** The tracks belong with the tracks of {@code with}, or, when it is empty, apart as a new identity. */
        MOVE,
        /** The cast gained {@code person}. */
        ADD_PERSON,
        /** {@code person} was renamed to {@code name}. */
        RENAME_PERSON,
        /** {@code person} left the cast; names of them are dropped. */
        REMOVE_PERSON,
        /** {@code person} gained reference photos. */
        ADD_PHOTOS;

        /** The name the cast file uses, such as {@code not} or {@code add_person}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
