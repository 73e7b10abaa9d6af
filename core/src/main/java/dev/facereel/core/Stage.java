package dev.facereel.core;

import dev.facereel.core.internal.pipeline.PipelineStages;
import dev.facereel.spi.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stage of the episode pipeline, known by its lower-case {@link #id()} ({@code detect}, {@code track}…). The
 * built-in stages are the constants, in the order they depend on each other; which stages a pipeline runs, in what
 * order and after which others, is the pipeline's stage list ({@link FacePipeline#stages()}). Stages sort with the
 * built-in ones first, in their order, then the others by id. Immutable.
 *
 * @param id the name used in files, job ids and on the command line: a lower-case letter, then lower-case letters,
 *           digits or {@code _}
 */
public record Stage(String id) implements Comparable<Stage> {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public static final Stage DETECT = new Stage("detect");
    public static final Stage TRACK = new Stage("track");
    public static final Stage STILLS = new Stage("stills");
    public static final Stage CLUSTER = new Stage("cluster");
    /** Applies the corrections to the identities and names them after the show's cast. */
    public static final Stage NAME = new Stage("name");

    /** @throws IllegalArgumentException when the id is not a lower-case name */
    public Stage {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a stage id is a lower-case letter followed by up to 31 lower-case"
                    + " letters, digits or '_', got '" + id + "'");
        }
    }

    /**
     * The stage with this id: the built-in constant when there is one (so that {@code ==} holds for it), else a new
     * stage.
     *
     * @throws IllegalArgumentException when the id is not a lower-case name
     */
    public static Stage of(String id) {
        for (Stage s : builtIn()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        return new Stage(id);
    }

    /** The built-in stages, in the order they run. */
    public static Stage[] values() {
        return builtIn().toArray(Stage[]::new);
    }

    /** The upper-case name ({@code DETECT}). */
    public String name() {
        return id.toUpperCase(Locale.ROOT);
    }

    /**
     * This built-in stage and the built-in stages it needs, in the order they run.
     *
     * @throws IllegalArgumentException when this is not a built-in stage (ask its pipeline instead)
     */
    public List<Stage> withPrerequisites() {
        return PipelineStages.DEFAULT.withPrerequisites(this);
    }

    /**
     * The built-in stage with this {@link #id()}.
     *
     * @throws InvalidInputException when no built-in stage has that id
     */
    public static Stage fromId(String id) {
        return fromId(id, builtIn());
    }

    /**
     * The stage of {@code stages} with this {@link #id()}.
     *
     * @throws InvalidInputException when none has that id
     */
    public static Stage fromId(String id, List<Stage> stages) {
        for (Stage s : stages) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new InvalidInputException("unknown stage '" + id + "': expected one of "
                + String.join(", ", stages.stream().map(Stage::id).toList()));
    }

    @Override
    public int compareTo(Stage other) {
        int a = rank(this);
        int b = rank(other);
        return a != b ? Integer.compare(a, b) : id.compareTo(other.id);
    }

    private static int rank(Stage s) {
        int i = builtIn().indexOf(s);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static List<Stage> builtIn() {
        return PipelineStages.DEFAULT.stages();
    }

    @Override
    public String toString() {
        return name();
    }
}
