package dev.facereel.core.process;

import static dev.facereel.core.process.ChildJvm.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.JobId;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.jobs.JobStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs claim one episode at the same instant, on the real file system with real OS locks. */
@Timeout(120)
class ClaimRaceTest {
    private static final int JVMS = 4;
    private static final int ROUNDS = 3;
    private static final Duration START = Duration.ofSeconds(40);

    @TempDir
    Path tmp;

    private final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(ChildJvm::close);
    }

    @Test
    void race_fourJvmsClaimOneEpisode_exactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path root = Files.createDirectories(tmp.resolve("round-" + round));
            Path go = tmp.resolve("go-" + round);
            Path release = tmp.resolve("release-" + round);
            List<ChildJvm> racers = new ArrayList<>();
            for (int i = 0; i < JVMS; i++) {
                // A silent owner counts as dead only after a minute: on a loaded machine a winner whose heartbeat lags
                // would otherwise be taken over by design (PausedOwnerTest covers that path); this race is the OS lock's.
                ChildJvm child = ChildJvm.start(List.of("-D" + RealJobs.SLOW_STALL_PROPERTY + "=true"), "claim",
                        root.toString(), "show_s01_e01", go.toString(), release.toString());
                children.add(child);
                racers.add(child);
            }
            for (ChildJvm child : racers) {
                child.awaitLine("READY", START);
            }
            Files.createFile(go);
            awaitTrue(Duration.ofSeconds(20), () -> racers.stream().allMatch(
                    c -> c.findLine("CLAIMED").isPresent() || c.findLine("REFUSED").isPresent()), "every racer answered");

            List<ChildJvm> winners = racers.stream().filter(c -> c.findLine("CLAIMED").isPresent()).toList();
            assertThat(winners).as("round %d: claimants; their output:\n%s", round,
                    racers.stream().map(ChildJvm::output).toList()).hasSize(1);
            ChildJvm winner = winners.get(0);
            String winnerId = winner.findLine("CLAIMED").orElseThrow();
            for (ChildJvm loser : racers) {
                if (loser == winner) {
                    continue;
                }
                String refusal = loser.findLine("REFUSED").orElseThrow();
                assertThat(refusal).as("round %d: refusal of pid %d; all:\n%s", round, loser.pid(), racers.stream().map(ChildJvm::output).toList())
                        .startsWith(winnerId + " :: ").contains("already has a running job " + winnerId);
                assertThat(loser.awaitExit(Duration.ofSeconds(10))).isEqualTo(JobChild.EXIT_REFUSED);
            }
            try (Stream<Path> jobs = Files.list(root.resolve("jobs"))) {
                assertThat(jobs.map(p -> p.getFileName().toString())).as("round %d: job envelopes", round)
                        .containsExactly(winnerId);
            }

            Files.createFile(release);
            assertThat(winner.awaitExit(Duration.ofSeconds(10))).as("winner exit, output:\n%s", winner.output()).isZero();
            assertThat(JobStorage.onFiles(root).jobs().find(JobId.of(winnerId)).orElseThrow().status())
                    .isEqualTo(JobStatus.SUCCEEDED);
        }
    }
}
