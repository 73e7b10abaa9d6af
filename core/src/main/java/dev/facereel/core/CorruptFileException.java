package dev.facereel.core;

import java.nio.file.Path;

/**
 * A file FaceReel wrote cannot be read back: it is not JSON, it carries a schema this version does not read, or it
 * does not hold what it should. {@link #file()} and {@link #problem()} let a caller name both in its own words.
 */
public class CorruptFileException extends JobStoreException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String problem;

    /**
     * @param problem  what is wrong with it, e.g. {@code its schema is 9, but this version reads schema 1}
     * @param expected what it should hold, e.g. {@code an identity list}
     */
    public CorruptFileException(Path file, String problem, String expected) {
        super("corrupt state file " + file + ": " + problem + "; expected " + expected);
        this.file = file;
        this.problem = problem;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** What is wrong with it. */
    public String problem() {
        return problem;
    }
}
