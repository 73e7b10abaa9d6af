package dev.facereel.examples.cli;

import dev.facereel.examples.common.JobOptions;
import dev.facereel.examples.common.TuningOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the episode edit commands: the episode, its show, and the providers it was analysed with (the
 * name stage that applies the edit runs with them).
 */
final class EditOptions {
    @Mixin
    DataOptions common;

    @Option(names = "--show", description = "The episode's show (default: the one it was analysed in; another is an "
            + "error).")
    String show;

    @Mixin
    JobOptions job;

    @Mixin
    TuningOptions tuning;

    EpisodeEdits open() {
        return EpisodeEdits.open(common, show, job, tuning);
    }
}
