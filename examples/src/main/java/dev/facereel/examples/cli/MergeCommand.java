package dev.facereel.examples.cli;

import dev.facereel.core.cast.Edit;
import dev.facereel.examples.common.ExitCodes;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code facereel merge}: records that identities of an episode are one person. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge identities of an episode into one (it keeps the first named one's name); then run the "
                + "episode's name stage.")
final class MergeCommand implements Callable<Integer> {
    @Mixin
    EditOptions edit;

    @Parameters(index = "0..*", arity = "2..*", paramLabel = "IDENTITY", description = "Two or more identities.")
    List<String> identities;

    @Override
    public Integer call() throws Exception {
        try (EpisodeEdits edits = edit.open()) {
            EpisodeEdits.Applied applied = edits.apply(cast -> cast.merge(edit.common.episode, identities),
                    System.err);
            Edit e = applied.edit();
            String now = e.tracks().isEmpty() ? "?" : EpisodeEdits.identityOf(applied.results(),
                    e.tracks().get(0).trackId()).map(EpisodeEdits::describe).orElse("?");
            System.out.println("merged " + String.join(", ", identities) + " of episode " + edit.common.episode
                    + " (" + e.tracks().size() + " tracks, edit " + e.id() + "); now " + now);
            EpisodeEdits.printUnresolved(applied.results(), System.out);
        }
        return ExitCodes.DONE;
    }
}
