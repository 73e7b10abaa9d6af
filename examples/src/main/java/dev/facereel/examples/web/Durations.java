package dev.facereel.examples.web;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations such as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, as the other commands do. */
final class Durations implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORMAT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Matcher m = FORMAT.matcher(value.strip());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("invalid duration '" + value + "': expected e.g. 500ms, 10s, 2m");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        if (millis < 1) {
            throw new CommandLine.TypeConversionException("invalid duration '" + value + "': must be at least 1ms");
        }
        return Duration.ofMillis(Math.round(millis));
    }
}
