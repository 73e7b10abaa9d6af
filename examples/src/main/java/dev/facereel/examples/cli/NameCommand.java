package dev.facereel.examples.cli;

import dev.facereel.core.cast.Edit;
import dev.facereel.examples.common.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code facereel name}: names an identity of an episode after a person of its show's cast. */
@Command(name = "name", mixinStandardHelpOptions = true,
        description = "Name an identity of an episode (p03) after a person, adding the person to the show's cast if "
                + "new; then run the episode's name stage.")
final class NameCommand implements Callable<Integer> {
    @Mixin
    EditOptions edit;

    @Parameters(index = "0", paramLabel = "IDENTITY", description = "The identity, e.g. p03.")
    String identity;

    @Parameters(index = "1", paramLabel = "NAME", description = "The person's name, e.g. \"Kit Harington\".")
    String name;

    @Override
    public Integer call() throws Exception {
        try (EpisodeEdits edits = edit.open()) {
            EpisodeEdits.Applied applied = edits.apply(cast -> cast.name(edit.common.episode, identity, name),
                    System.err);
            Edit e = applied.edit();
            String now = e.tracks().isEmpty() ? identity : EpisodeEdits.identityOf(applied.results(),
                    e.tracks().get(0).trackId()).map(EpisodeEdits::describe).orElse(identity);
            System.out.println("named " + identity + " of episode " + edit.common.episode + " '" + e.name() + "' ("
                    + e.person() + ", edit " + e.id() + "); now " + now);
            EpisodeEdits.printUnresolved(applied.results(), System.out);
        }
        return ExitCodes.DONE;
    }

}
