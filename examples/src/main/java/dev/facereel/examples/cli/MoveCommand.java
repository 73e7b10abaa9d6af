package dev.facereel.examples.cli;

import dev.facereel.core.EpisodeResults;
import dev.facereel.core.cast.Edit;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.examples.common.UsageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code facereel move}: moves a track to another identity of its episode, or out into a new one. */
@Command(name = "move", mixinStandardHelpOptions = true,
        description = "Move a track to another identity of its episode, or with --new into a new identity of its own;"
                + " then run the episode's name stage.")
final class MoveCommand implements Callable<Integer> {
    @Mixin
    EditOptions edit;

    @Parameters(index = "0", paramLabel = "TRACK", description = "The track, e.g. t0012.")
    String track;

    @Parameters(index = "1", arity = "0..1", paramLabel = "IDENTITY", description = "The identity to move it to.")
    String to;

    @Option(names = "--new", description = "Move the track into a new identity of its own.")
    boolean newIdentity;

    @Override
    public Integer call() throws Exception {
        if ((to == null) == !newIdentity) {
            throw new UsageException("give either the IDENTITY to move track " + track + " to, or --new", null);
        }
        try (EpisodeEdits edits = edit.open()) {
            String from = EpisodeEdits.identityOf(edits.results(), track).map(EpisodeResults.Identity::id)
                    .orElse("no identity");
            EpisodeEdits.Applied applied = edits.apply(cast -> cast.move(edit.common.episode, track, to), System.err);
            Edit e = applied.edit();
            String now = EpisodeEdits.identityOf(applied.results(), track).map(EpisodeEdits::describe)
                    .orElse("no identity");
            System.out.println("moved track " + track + " of episode " + edit.common.episode + " from " + from + " to "
                    + (to == null ? "a new identity" : to) + " (edit " + e.id() + "); now in " + now);
            EpisodeEdits.printUnresolved(applied.results(), System.out);
        }
        return ExitCodes.DONE;
    }
}
