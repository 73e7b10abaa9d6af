package dev.facereel.core;

import dev.facereel.spi.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normalised form of an episode id, used as its folder name: lower-cased, a trailing {@code _} plus
 * 8-digit date stamp removed ({@code RHOBH_S05_E03_11062025} becomes {@code rhobh_s05_e03}), and limited to
 * {@code [a-z0-9_-]}. Ids that could escape the data root are rejected.
 */
public record EpisodeKey(String value) {
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9_-]{0,127}");
    private static final Pattern DATE_STAMP = Pattern.compile("_[0-9]{8}$");

    /** @throws InvalidInputException when the value is not already a normalised key */
    public EpisodeKey {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw new InvalidInputException("invalid episode key " + quote(value)
                    + ": expected 1-128 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
        }
    }

    /**
     * Normalises an episode id.
     *
     * @throws InvalidInputException when the id is empty, contains path separators, {@code ..}, control
     *     characters or anything outside letters, digits, {@code _} and {@code -}
     */
    public static EpisodeKey of(String episodeId) {
        if (episodeId == null || episodeId.isBlank()) {
            throw new InvalidInputException("invalid episode id " + quote(episodeId) + ": it is empty");
        }
        if (episodeId.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("invalid episode id " + quote(episodeId) + ": it contains control characters");
        }
        String lower = episodeId.strip().toLowerCase(Locale.ROOT);
        String key = DATE_STAMP.matcher(lower).replaceFirst("");
        if (!ALLOWED.matcher(key).matches()) {
            throw new InvalidInputException("invalid episode id " + quote(episodeId)
                    + ": use only letters, digits, '_' and '-' (no '/', '\\', '..' or control characters)");
        }
        return new EpisodeKey(key);
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('\'').toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
