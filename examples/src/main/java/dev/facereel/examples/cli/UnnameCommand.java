package dev.facereel.examples.cli;

import dev.facereel.core.cast.Edit;
import dev.facereel.examples.common.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code facereel unname}: takes an identity's name away, and records that it is not that person. */
@Command(name = "unname", mixinStandardHelpOptions = true,
        description = "Take an identity's name away and record that it is not that person, so it is not named after "
                + "them again; then run the episode's name stage.")
final class UnnameCommand implements Callable<Integer> {
    @Mixin
    EditOptions edit;

    @Parameters(index = "0", paramLabel = "IDENTITY", description = "The identity, e.g. p03.")
    String identity;

    @Override
    public Integer call() throws Exception {
        try (EpisodeEdits edits = edit.open()) {
            EpisodeEdits.Applied applied = edits.apply(cast -> cast.unname(edit.common.episode, identity), System.err);
            Edit e = applied.edit();
            String now = e.tracks().isEmpty() ? identity : EpisodeEdits.identityOf(applied.results(),
                    e.tracks().get(0).trackId()).map(EpisodeEdits::describe).orElse(identity);
            System.out.println("unnamed " + identity + " of episode " + edit.common.episode + ": it is not '" + e.name()
                    + "' (" + e.person() + ", edit " + e.id() + "); now " + now);
            EpisodeEdits.printUnresolved(applied.results(), System.out);
        }
        return ExitCodes.DONE;
    }
}
