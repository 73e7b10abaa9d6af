package dev.facereel.core.internal.cast;

import dev.facereel.spi.InvalidInputException;
import java.util.regex.Pattern;

/** The rules for a show's name and a person's name, in one place. */
public final class ShowNames {
    /** The show an episode belongs to when none is given. */
    public static final String DEFAULT_SHOW = "default";
    /** The longest person name, in characters. */
    public static final int MAX_NAME = 100;
    private static final Pattern SHOW = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private ShowNames() {
    }

    /** @throws InvalidInputException naming the value unless it is 1-64 of a-z, 0-9, '_' and '-' */
    public static String requireShow(String show) {
        if (show == null || !SHOW.matcher(show).matches()) {
            throw new InvalidInputException("invalid show name " + quoted(show) + ": expected 1-64 characters of "
                    + "a-z, 0-9, '_' or '-', starting with a letter or digit");
        }
        return show;
    }

    /**
     * The name with surrounding blanks removed.
     *
     * @throws InvalidInputException unless it is 1-{@value #MAX_NAME} characters without control characters
     */
    public static String requirePersonName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("a person's name must not be empty");
        }
        String stripped = name.strip();
        if (stripped.codePointCount(0, stripped.length()) > MAX_NAME) {
            throw new InvalidInputException("a person's name must be at most " + MAX_NAME + " characters, got "
                    + stripped.codePointCount(0, stripped.length()));
        }
        if (stripped.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR)) {
            throw new InvalidInputException("a person's name must not hold control characters: " + quoted(
                    stripped.codePoints().collect(StringBuilder::new, (b, c) -> b.append(Character.isISOControl(c)
                            ? String.format("\\u%04x", c) : new String(Character.toChars(c))),
                            StringBuilder::append).toString()));
        }
        return stripped;
    }

    private static String quoted(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
