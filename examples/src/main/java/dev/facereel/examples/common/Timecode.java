package dev.facereel.examples.common;

import java.util.Locale;

/** Times written as {@code HH:MM:SS.mmm}, as the exports print them. */
public final class Timecode {
    private Timecode() {
    }

    /** {@code seconds} rounded to the millisecond, as {@code HH:MM:SS.mmm}; hours go past 99 if they must. */
    public static String of(double seconds) {
        long millis = Math.round(Math.max(0, seconds) * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, millis % 1000);
    }
}
