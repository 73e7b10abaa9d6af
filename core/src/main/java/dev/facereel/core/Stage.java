package dev.facereel.core;

import dev.facereel.spi.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The stages of the episode pipeline, in the order they depend on each other. */
public enum Stage {
    DETECT, TRACK, STILLS, CLUSTER;

    /** The lower-case name used in files, ids and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This stage and every stage before it, in order. */
    public List<Stage> withPrerequisites() {
        return List.copyOf(Arrays.asList(values()).subList(0, ordinal() + 1));
    }

    /**
     * The stage with this {@link #id()}.
     *
     * @throws InvalidInputException when no stage has that id
     */
    public static Stage fromId(String id) {
        for (Stage s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new InvalidInputException("unknown stage '" + id + "': expected one of detect, track, stills, cluster");
    }
}
