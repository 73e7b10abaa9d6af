package dev.facereel.core.torture;

import dev.facereel.core.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One torture scenario's seed, rounds, time limit and report. The seed is fixed unless {@code -Dfacereel.torture.seed=N}
 * replaces it, and every scenario prints it first, so a failure can be replayed. A scenario has rounds 0 to N - 1:
 * {@code -Dfacereel.torture=long} makes N larger, {@code -Dfacereel.torture.rounds=N} chooses it, and
 * {@code -Dfacereel.torture.first-round=K} skips the rounds before K. Each round draws from a generator of its own
 * ({@link #random(long, int)}), so it can be run alone. The rounds run must end within the {@link Budget}; when they
 * do not, the scenario stops, fails, and reports how to run the rounds not reached. The report is a table, printed and
 * written to {@code target/torture/<name>.md}.
 */
final class Torture {
    static final String SEED_PROPERTY = "facereel.torture.seed";
    static final String MODE_PROPERTY = "facereel.torture";
    static final String ROUNDS_PROPERTY = "facereel.torture.rounds";
    static final String FIRST_ROUND_PROPERTY = "facereel.torture.first-round";
    static final String HEADROOM_PROPERTY = "facereel.torture.headroom";
    static final long DEFAULT_SEED = 20261122L;
    static final double DEFAULT_HEADROOM = 5;
    /** What a scenario may spend outside its rounds (children to start, a state to prepare), in reference runs. */
    static final double SETUP_RUNS = 2;
    private static final Path REPORTS = Path.of("target", "torture");

    /**
     * A scenario: its report's name and title, its rounds in the bounded and the long run, and what one round costs
     * in reference runs ({@link TortureEpisode.Reference#time()}): as measured on a quiet machine, rounded up.
     */
    record Scenario(String name, String title, int bounded, int longRun, double runsPerRound) {
    }

    /**
     * What the run asks for: the seed, the long run or not, the number of rounds (else the scenario's), the first
     * round to run and the headroom of the time limit.
     */
    record Settings(long seed, boolean isLong, Optional<Integer> rounds, int firstRound, double headroom) {
        Settings {
            if (rounds.orElse(1) < 1 || firstRound < 0 || headroom <= 0) {
                throw new IllegalArgumentException("torture settings out of range: " + rounds + " rounds, first round "
                        + firstRound + ", headroom " + headroom);
            }
        }

        /** The settings that {@code -Dfacereel.torture…} properties ask for. */
        static Settings from(Properties p) {
            return new Settings(Long.parseLong(p.getProperty(SEED_PROPERTY, Long.toString(DEFAULT_SEED))),
                    "long".equals(p.getProperty(MODE_PROPERTY)),
                    Optional.ofNullable(p.getProperty(ROUNDS_PROPERTY)).map(Integer::valueOf),
                    Integer.parseInt(p.getProperty(FIRST_ROUND_PROPERTY, "0")),
                    Double.parseDouble(p.getProperty(HEADROOM_PROPERTY, Double.toString(DEFAULT_HEADROOM))));
        }

        int rounds(Scenario scenario) {
            return rounds.orElse(isLong ? scenario.longRun() : scenario.bounded());
        }
    }

    /**
     * A scenario's time limit: {@code headroom x reference x (SETUP_RUNS + rounds x runsPerRound)}. The reference run
     * is measured on the machine at hand, so the limit grows with a slower or busier machine.
     */
    record Budget(double headroom, Duration reference, int rounds, double runsPerRound) {
        Duration limit() {
            return Duration.ofNanos(Math.round(headroom * reference.toNanos() * (SETUP_RUNS + rounds * runsPerRound)));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f s = %s x (%s + %d rounds x %s) reference runs of %.1f s",
                    limit().toMillis() / 1e3, number(headroom), number(SETUP_RUNS), rounds, number(runsPerRound),
                    reference.toMillis() / 1e3);
        }

        private static String number(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }

    /** One round of a scenario, given its index and its own random draws. */
    @FunctionalInterface
    interface Round {
        void run(int round, Random random) throws Exception;
    }

    /** Draws made before the rounds (e.g. a state they share); each round has a generator of its own. */
    final Random random;
    /** The rounds this run does: {@code first} to {@code first + rounds - 1}. */
    final int first;
    final int rounds;
    private final Settings settings;
    private final Budget budget;
    private final Ticker ticker;
    private final String test;
    private final Path report;
    private final long started;
    private final long deadline;

    private Torture(Settings settings, Budget budget, Ticker ticker, String test, Path report) {
        this.random = new Random(settings.seed());
        this.first = settings.firstRound();
        this.rounds = budget.rounds();
        this.settings = settings;
        this.budget = budget;
        this.ticker = ticker;
        this.test = test;
        this.report = report;
        this.started = ticker.nanos();
        this.deadline = started + budget.limit().toNanos();
    }

    /**
     * Prints the scenario's seed, how to replay it and its time limit, and starts its report: a heading and a table
     * with the given columns. The settings come from the system properties, the reference run from
     * {@link TortureEpisode#reference()}, and the test to name in a continuation is the caller.
     */
    static Torture begin(Scenario scenario, String... columns) throws IOException, InterruptedException {
        String test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(f -> f.getDeclaringClass() != Torture.class).findFirst()
                .map(f -> f.getDeclaringClass().getSimpleName() + "#" + f.getMethodName()).orElseThrow());
        return begin(scenario, Settings.from(System.getProperties()), TortureEpisode.reference().time(), Ticker.system(),
                REPORTS, test, columns);
    }

    /** As {@link #begin(Scenario, String...)}, with everything given; {@code test} is a surefire {@code -Dtest} value. */
    static Torture begin(Scenario scenario, Settings settings, Duration reference, Ticker ticker, Path reports,
            String test, String... columns) {
        int total = settings.rounds(scenario);
        if (settings.firstRound() >= total) {
            throw new IllegalArgumentException("the first round, " + settings.firstRound() + ", is past the last of "
                    + scenario.title() + "'s " + total + " rounds");
        }
        Budget budget = new Budget(settings.headroom(), reference, total - settings.firstRound(), scenario.runsPerRound());
        Torture t = new Torture(settings, budget, ticker, test, reports.resolve(scenario.name() + ".md"));
        System.out.printf(Locale.ROOT, "[torture] %s: seed=%d (replay: -D%s=%d), %s run (-D%s=long for the long one,"
                + " -D%s=N for N rounds)%n", scenario.title(), settings.seed(), SEED_PROPERTY, settings.seed(),
                settings.rounds().isPresent() ? "custom" : settings.isLong() ? "long" : "bounded", MODE_PROPERTY,
                ROUNDS_PROPERTY);
        try {
            Files.createDirectories(reports);
            Files.writeString(t.report, "# " + scenario.title() + " (seed " + settings.seed() + ")\n\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        t.line(String.format(Locale.ROOT, "Rounds %d to %d, time limit %s.\n", t.first, t.first + t.rounds - 1, budget));
        if (columns.length > 0) {
            t.line(Arrays.stream(columns).collect(Collectors.joining(" | ", "| ", " |")));
            t.line("|" + "---|".repeat(columns.length));
        }
        return t;
    }

    /** Round {@code round}'s generator: seeded from the scenario's seed and the round's index alone. */
    static Random random(long seed, int round) {
        return new Random(new SplittableRandom(seed ^ ((long) round << 32)).nextLong());
    }

    /**
     * Runs the rounds in order, each within the time left of the limit. When the limit is reached, before a round or
     * while one runs (which is then interrupted), it reports the rounds passed and not reached and how to run the
     * latter, and fails.
     */
    void run(Round round) throws Exception {
        for (int r = first; r < first + rounds; r++) {
            long left = deadline - ticker.nanos();
            if (left <= 0) {
                throw limitReached(r, null);
            }
            int index = r;
            FutureTask<Void> task = new FutureTask<>(() -> {
                round.run(index, random(settings.seed(), index));
                return null;
            });
            Thread thread = new Thread(task, "torture-round-" + r);
            thread.setDaemon(true);
            thread.start();
            try {
                task.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw limitReached(r, thread.getStackTrace());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw (Exception) e.getCause();
            } finally {
                task.cancel(true);
            }
        }
    }

    /**
     * Reports the limit reached at round {@code round}, which was stopped at {@code where} if it had started, with
     * the command that runs the rounds not reached, and returns the failure to throw.
     */
    private AssertionError limitReached(int round, StackTraceElement[] where) {
        int notReached = first + rounds - round;
        String properties = String.format(Locale.ROOT, "-D%s=%d -D%s=%d -D%s=%d", SEED_PROPERTY, settings.seed(),
                FIRST_ROUND_PROPERTY, round, ROUNDS_PROPERTY, first + rounds) + (settings.headroom() == DEFAULT_HEADROOM ? ""
                : " -D" + HEADROOM_PROPERTY + "=" + Budget.number(settings.headroom()));
        String text = String.format(Locale.ROOT, "\nTime limit of %.0f s reached after %s s%s: %d rounds passed, %d not"
                + " reached. Continue with %s:\n\n    mvn -B -o test -pl core -am -Dgroups=torture -Dtest=%s"
                + " -Dsurefire.failIfNoSpecifiedTests=false %s", budget.limit().toMillis() / 1e3, seconds(started, ticker),
                where == null ? "" : " (round " + round + " was stopped)", round - first, notReached, properties, test,
                properties);
        line(text);
        AssertionError failure = new AssertionError(text.strip());
        if (where != null) {
            Throwable stopped = new Throwable("round " + round + " was here when it was stopped");
            stopped.setStackTrace(where);
            failure.initCause(stopped);
        }
        return failure;
    }

    /** A table row; a {@code |} inside a cell is written as {@code /}. */
    void row(Object... cells) {
        line(Arrays.stream(cells).map(c -> String.valueOf(c).replace('|', '/').replace('\n', ' '))
                .collect(Collectors.joining(" | ", "| ", " |")));
    }

    /** Ends the report with the number of rounds and the time they took. */
    void end(String what) {
        line(String.format(Locale.ROOT, "\n%d %s in %s s (limit %.0f s)", rounds, what, seconds(started, ticker),
                budget.limit().toMillis() / 1e3));
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
        return seconds(nanoTime, Ticker.system());
    }

    private static String seconds(long nanos, Ticker ticker) {
        return String.format(Locale.ROOT, "%.1f", (ticker.nanos() - nanos) / 1e9);
    }
}
