package dev.facereel.core.torture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * One torture scenario's seed, size and report. The seed is fixed unless {@code -Dfacereel.torture.seed=N} replaces
 * it, and every scenario prints it first, so a failure can be replayed; {@code -Dfacereel.torture=long} runs more
 * rounds. The report is a table, printed and written to {@code target/torture/<name>.md}.
 */
final class Torture {
    static final String SEED_PROPERTY = "facereel.torture.seed";
    static final String MODE_PROPERTY = "facereel.torture";
    static final long DEFAULT_SEED = 20261122L;
    private static final Path REPORTS = Path.of("target", "torture");

    final Random random;
    final int rounds;
    private final Path report;
    private final long started = System.nanoTime();

    private Torture(Random random, int rounds, Path report) {
        this.random = random;
        this.rounds = rounds;
        this.report = report;
    }

    /**
     * Prints the scenario's seed and how to replay it, and starts its report: a heading and a table with the given
     * columns. {@code bounded} rounds, or {@code longRun} with {@code -Dfacereel.torture=long}.
     */
    static Torture begin(String name, String title, int bounded, int longRun, String... columns) {
        boolean isLong = "long".equals(System.getProperty(MODE_PROPERTY));
        long seed = Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
        System.out.printf("[torture] %s: seed=%d (replay: -D%s=%d), %s run (-D%s=long for the long one)%n", title,
                seed, SEED_PROPERTY, seed, isLong ? "long" : "bounded", MODE_PROPERTY);
        Torture t = new Torture(new Random(seed), isLong ? longRun : bounded, REPORTS.resolve(name + ".md"));
        try {
            Files.createDirectories(REPORTS);
            Files.writeString(t.report, "# " + title + " (seed " + seed + ")\n\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (columns.length > 0) {
            t.line(Arrays.stream(columns).collect(Collectors.joining(" | ", "| ", " |")));
            t.line("|" + "---|".repeat(columns.length));
        }
        return t;
    }

    /** A table row; a {@code |} inside a cell is written as {@code /}. */
    void row(Object... cells) {
        line(Arrays.stream(cells).map(c -> String.valueOf(c).replace('|', '/').replace('\n', ' '))
                .collect(Collectors.joining(" | ", "| ", " |")));
    }

    /** Ends the report with the number of rounds and the time they took. */
    void end(String what) {
        line(String.format("%n%d %s in %.0f s", rounds, what, (System.nanoTime() - started) / 1e9));
    }

    void line(String line) {
        System.out.println("[torture] " + line);
        try {
            Files.writeString(report, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds since {@code nanoTime}, for a row. */
    static String seconds(long nanoTime) {
        return String.format("%.1f", (System.nanoTime() - nanoTime) / 1e9);
    }
}
