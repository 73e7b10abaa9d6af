package dev.facereel.examples.cli;

import dev.facereel.core.Episode;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.jobstore.postgres.PostgresJobStorage;
import dev.facereel.jobstore.postgres.QueueEntry;
import dev.facereel.spi.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code facereel submit}: puts an episode in the PostgreSQL queue for a {@code facereel worker} to run. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Queue an episode in PostgreSQL (--store) for the workers; prints the queue entry.")
final class SubmitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<video>",
            description = "The video file; every worker must reach it at this path.")
    Path video;

    @Mixin
    DataOptions common;

    @Mixin
    UntilOption stage;

    @Override
    public Integer call() {
        Commands.requireKey(common);
        if (!Files.isRegularFile(video)) {
            throw new InvalidInputException("video " + video + " does not exist or is not a file; expected a video file");
        }
        try (PostgresJobStorage store = common.store.require("submit")) {
            Optional<QueueEntry> pending = store.queue().pending(common.episode);
            QueueEntry entry = pending.orElseGet(() -> store.queue().enqueue(
                    new Episode(common.episode, video.toAbsolutePath()), stage.until));
            if (pending.isPresent()) {
                System.out.println("episode " + common.episode + " is already queued as #" + entry.id() + " ("
                        + entry.state().id() + (entry.worker() == null ? "" : " on " + entry.worker()) + ")");
            } else {
                System.out.println("queued #" + entry.id() + ": episode " + common.episode + " up to " + stage.until.id()
                        + " (" + entry.video() + ") in " + store);
            }
        }
        return ExitCodes.DONE;
    }
}
