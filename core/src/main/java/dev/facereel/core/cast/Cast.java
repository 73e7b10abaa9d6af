package dev.facereel.core.cast;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A show's cast at one version: its people and its edit log. Version 0 is the empty cast of a show nobody named
 * anyone in; each stored change adds one. Immutable.
 */
public record Cast(String show, long version, List<Person> people, List<Edit> edits) {
    public Cast {
        Objects.requireNonNull(show, "show");
        if (version < 0) {
            throw new IllegalArgumentException("cast version must not be negative, got " + version);
        }
        people = List.copyOf(people);
        edits = List.copyOf(edits);
    }

    /** The empty cast of {@code show}, at version 0. */
    public static Cast empty(String show) {
        return new Cast(show, 0, List.of(), List.of());
    }

    /** The person with this id. */
    public Optional<Person> person(String id) {
        return people.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The person with this name, compared without regard to case. */
    public Optional<Person> personNamed(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return people.stream().filter(p -> p.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    /** The edits of one episode, in the order they were made. */
    public List<Edit> edits(String episodeKey) {
        return edits.stream().filter(e -> episodeKey.equals(e.episode())).toList();
    }
}
