package dev.facereel.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./facereel} launcher at the root of the checkout runs the packaged jar. */
class LauncherIT {
    @TempDir
    Path work;

    @Test
    void launcher_help_listsTheCommandsAndTheDocumentedExitCodes() throws IOException, InterruptedException {
        Path launcher = FaceReelProcess.jar().toAbsolutePath().getParent().getParent().getParent().resolve("facereel");
        assertThat(launcher).isExecutable();
        Path output = work.resolve("help.txt");
        Process p = new ProcessBuilder(launcher.toString(), "--help").redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            assertThat(p.waitFor(1, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("analyze", "status", "cancel", "resume", "report")
                    .containsPattern("(?m)^\\s*0\\s+done")
                    .containsPattern("(?m)^\\s*3\\s+a job runs for this episode elsewhere")
                    .containsPattern("(?m)^\\s*130\\s+interrupted");
        } finally {
            p.destroyForcibly();
        }
    }
}
