package dev.facereel.core.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The torture suite's own mechanics, without child JVMs: settings, per-round draws and the time limit, on a fake clock. */
class TortureTest {
    private static final Torture.Scenario SCENARIO = new Torture.Scenario("example", "Example", 4, 40, 1);
    private static final String TEST = "ExampleTortureTest#rounds";

    @TempDir
    Path reports;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void budget_isHeadroomTimesReferenceTimesSetupPlusRoundsTimesTheirCost() {
        Torture.Budget budget = new Torture.Budget(5, Duration.ofMillis(3200), 20, 2.5);

        assertThat(budget.limit()).isEqualTo(Duration.ofSeconds(832));
        assertThat(budget).hasToString("832 s = 5 x (2 + 20 rounds x 2.5) reference runs of 3.2 s");
    }

    @Test
    void rounds_areTheBoundedOrLongCount_unlessChosen_andTheFirstRoundSkipsThoseBefore() {
        Properties p = new Properties();
        assertThat(Torture.Settings.from(p)).isEqualTo(new Torture.Settings(Torture.DEFAULT_SEED, false, Optional.empty(),
                0, Torture.DEFAULT_HEADROOM));
        assertThat(Torture.Settings.from(p).rounds(SCENARIO)).isEqualTo(4);

        p.setProperty(Torture.MODE_PROPERTY, "long");
        assertThat(Torture.Settings.from(p).rounds(SCENARIO)).isEqualTo(40);

        p.setProperty(Torture.ROUNDS_PROPERTY, "7");
        p.setProperty(Torture.FIRST_ROUND_PROPERTY, "3");
        Torture torture = begin(Torture.Settings.from(p));
        assertThat(List.of(torture.first, torture.rounds)).as("first round, rounds run").containsExactly(3, 4);

        p.setProperty(Torture.FIRST_ROUND_PROPERTY, "7");
        assertThatThrownBy(() -> begin(Torture.Settings.from(p))).isInstanceOf(IllegalArgumentException.class);

        p.setProperty(Torture.ROUNDS_PROPERTY, "0");
        assertThatThrownBy(() -> Torture.Settings.from(p)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRoundDrawsTheSameWhetherTheRunStartsAtTheFirstRoundOrAtIt() throws Exception {
        Map<Integer, List<Integer>> fromZero = draws(settings(0, 5, Torture.DEFAULT_HEADROOM));
        Map<Integer, List<Integer>> fromThree = draws(settings(3, 5, Torture.DEFAULT_HEADROOM));

        assertThat(fromThree).containsOnlyKeys(3, 4).containsEntry(3, fromZero.get(3)).containsEntry(4, fromZero.get(4));
        assertThat(fromZero.values()).doesNotHaveDuplicates();
        assertThat(draws(new Torture.Settings(43, false, Optional.of(5), 0, Torture.DEFAULT_HEADROOM)))
                .as("another seed's draws").doesNotContainValue(fromZero.get(3));
    }

    @Test
    void limitReachedBeforeARound_stopsFailsAndSaysHowToRunTheRoundsNotReached() throws Exception {
        // 5 x (2 + 5 rounds x 1) reference runs of 0.2 s = 7 s; each round takes 3 s, so round 13 starts past the limit.
        Torture torture = begin(settings(10, 15, Torture.DEFAULT_HEADROOM));
        List<Integer> ran = new ArrayList<>();

        assertThatThrownBy(() -> torture.run((round, random) -> {
            ran.add(round);
            now.addAndGet(TimeUnit.SECONDS.toNanos(3));
        })).isInstanceOf(AssertionError.class).hasMessage("Time limit of 7 s reached after 9.0 s: 3 rounds passed, 2 not"
                + " reached. Continue with -Dfacereel.torture.seed=42 -Dfacereel.torture.first-round=13"
                + " -Dfacereel.torture.rounds=15:\n\n    mvn -B -o test -pl core -am -Dgroups=torture"
                + " -Dtest=ExampleTortureTest#rounds -Dsurefire.failIfNoSpecifiedTests=false -Dfacereel.torture.seed=42"
                + " -Dfacereel.torture.first-round=13 -Dfacereel.torture.rounds=15");
        assertThat(ran).containsExactly(10, 11, 12);
        assertThat(Files.readString(reports.resolve("example.md"))).startsWith("# Example (seed 42)\n\nRounds 10 to 14,"
                + " time limit 7 s = 5 x (2 + 5 rounds x 1) reference runs of 0.2 s.\n").contains("3 rounds passed,"
                + " 2 not reached").contains("-Dfacereel.torture.first-round=13 -Dfacereel.torture.rounds=15");
    }

    @Test
    void limitReachedWhileARoundRuns_interruptsItAndReportsItNotReached() throws Exception {
        Torture torture = begin(settings(0, 6, 2.5));
        // 2.5 x (2 + 6 rounds x 1) reference runs of 0.2 s = 4 s, 100 ms of them left when round 0 starts; it never ends.
        now.addAndGet(Duration.ofMillis(3900).toNanos());
        CountDownLatch interrupted = new CountDownLatch(1);

        assertThatThrownBy(() -> torture.run((round, random) -> {
            now.addAndGet(Duration.ofMillis(100).toNanos());
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        })).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Time limit of 4 s reached after 4.0 s (round 0 was stopped): 0 rounds passed,"
                        + " 6 not reached. Continue with -Dfacereel.torture.seed=42 -Dfacereel.torture.first-round=0"
                        + " -Dfacereel.torture.rounds=6 -Dfacereel.torture.headroom=2.5:")
                .cause().hasMessage("round 0 was here when it was stopped");
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("round 0 was interrupted").isTrue();
    }

    private Torture begin(Torture.Settings settings) {
        return Torture.begin(SCENARIO, settings, Duration.ofMillis(200), now::get, reports, TEST, "round", "draw");
    }

    /** Rounds {@code first} to {@code rounds - 1}. */
    private static Torture.Settings settings(int first, int rounds, double headroom) {
        return new Torture.Settings(42, false, Optional.of(rounds), first, headroom);
    }

    /** Each round's first three draws. */
    private Map<Integer, List<Integer>> draws(Torture.Settings settings) throws Exception {
        Map<Integer, List<Integer>> draws = new TreeMap<>();
        begin(settings).run((round, random) -> draws.put(round, List.of(random.nextInt(), random.nextInt(),
                random.nextInt())));
        return draws;
    }
}
