package dev.facereel.core;

import dev.facereel.spi.InvalidInputException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * A readable, unique job id such as {@code detect_rhobh_s05_e03_20261122T101500Z_3f9a}: the target stage,
 * the episode key, the creation time and a random suffix. Safe to use as a folder name.
 */
public record JobId(String value) {
    private static final Pattern FORMAT = Pattern.compile("[a-z]+_[a-z0-9][a-z0-9_-]*_[0-9]{8}T[0-9]{6}Z_[0-9a-f]{4,}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** @throws InvalidInputException when the value is not a job id */
    public JobId {
        if (value == null || value.length() > 200 || !FORMAT.matcher(value).matches()) {
            throw new InvalidInputException("invalid job id '" + value
                    + "': expected <stage>_<episode key>_<yyyyMMdd'T'HHmmss'Z'>_<hex>, e.g. detect_show_s01_e01_20261122T101500Z_3f9a");
        }
    }

    /** Parses a job id given by a user. @throws InvalidInputException when it is not one */
    public static JobId of(String value) {
        return new JobId(value);
    }

    /** A new id for a job on this episode towards this stage, created at {@code now}, with a random suffix. */
    public static JobId create(Stage target, EpisodeKey episode, Instant now, int random) {
        return new JobId(target.id() + "_" + episode.value() + "_" + STAMP.format(now) + "_"
                + String.format("%04x", random & 0xffff));
    }

    @Override
    public String toString() {
        return value;
    }
}
