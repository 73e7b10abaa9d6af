package dev.facereel.examples.cli;

import dev.facereel.core.Stage;
import picocli.CommandLine.Option;

/** The {@code --until} option of the commands that start work on an episode. */
final class UntilOption {
    @Option(names = "--until", defaultValue = "name", converter = StageConverter.class,
            description = "Last stage to run: detect, track, stills, cluster or name (default: ${DEFAULT-VALUE}).")
    Stage until;
}
