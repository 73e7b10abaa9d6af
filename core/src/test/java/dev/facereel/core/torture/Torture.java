package dev.facereel.core.torture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * The seed and size of a torture run. The seed is fixed unless {@code -Dfacereel.torture.seed=N} replaces it, and
 * every scenario prints it first, so a failure can be replayed. {@code -Dfacereel.torture=long} runs more rounds.
 * Each scenario also writes its summary to {@code target/torture/<scenario>.md}.
 */
final class Torture {
    static final String SEED_PROPERTY = "facereel.torture.seed";
    static final String MODE_PROPERTY = "facereel.torture";
    static final long DEFAULT_SEED = 20261122L;
    static final Path REPORTS = Path.of("target", "torture");

    private Torture() {
    }

    static boolean isLong() {
        return "long".equals(System.getProperty(MODE_PROPERTY));
    }

    /** {@code bounded} rounds, or {@code longRun} with {@code -Dfacereel.torture=long}. */
    static int rounds(int bounded, int longRun) {
        return isLong() ? longRun : bounded;
    }

    /** Prints the scenario's seed and how to replay it, and returns its random source. */
    static Random begin(String scenario) {
        long seed = Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
        System.out.printf("[torture] %s: seed=%d (replay: -D%s=%d), %s run (-D%s=long for the long one)%n", scenario,
                seed, SEED_PROPERTY, seed, isLong() ? "long" : "bounded", MODE_PROPERTY);
        return new Random(seed);
    }

    /** Prints a line of the scenario's summary and appends it to {@code target/torture/<name>.md}. */
    static void report(String name, String line) {
        System.out.println("[torture] " + line);
        try {
            Files.createDirectories(REPORTS);
            Files.writeString(REPORTS.resolve(name + ".md"), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a fresh summary file with a heading. */
    static void startReport(String name, String heading) {
        try {
            Files.createDirectories(REPORTS);
            Files.writeString(REPORTS.resolve(name + ".md"), "# " + heading + "\n\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
