package dev.facereel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two {@code facereel analyze} processes started together on one episode. */
class ConcurrentAnalyzeIT {
    private static final Pattern DONE = Pattern.compile("^job (\\S+) done: .*");

    @TempDir
    Path work;

    @Test
    void analyze_twoProcessesOnOneEpisode_oneExits3NamingTheOthersJobAndPid_theOtherFinishes() {
        String[] args = {"analyze", SharedAssets.media("episode_synth.mp4").toString(), "--episode", "Twice",
                "--data", work.resolve("data").toString(), "--until", "detect", "--sample-fps", "1",
                "--heartbeat", "500ms", "--stall-after", "5s"};
        try (FaceReelProcess first = FaceReelProcess.start(work, args);
             FaceReelProcess second = FaceReelProcess.start(work, args)) {
            int a = first.awaitExit(Duration.ofMinutes(3));
            int b = second.awaitExit(Duration.ofMinutes(3));
            assertThat(List.of(a, b)).as("exit codes\n" + first.describe() + "\n" + second.describe())
                    .containsExactlyInAnyOrder(0, 3);
            FaceReelProcess winner = a == 0 ? first : second;
            FaceReelProcess loser = a == 0 ? second : first;

            Matcher done = DONE.matcher(winner.stdoutLines().get(0));
            assertThat(done.matches()).as(winner.describe()).isTrue();
            String jobId = done.group(1);
            assertThat(loser.stdout()).as(loser.describe()).isEmpty();
            assertThat(loser.stderrLines()).as("one line on stderr: " + loser.describe()).hasSize(1);
            assertThat(loser.stderrLines().get(0)).startsWith("facereel: ").contains(jobId)
                    .containsPattern("\\bpid " + winner.pid() + "\\b");
        }
    }
}
