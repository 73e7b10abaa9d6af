package dev.facereel.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Stage;
import dev.facereel.core.StageReport;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facereel status}: each stage's state, as text or as one JSON object. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the state of each stage of an episode.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    DataOptions common;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Commands.requireKey(common);
        EpisodeStatus status;
        try (FacePipeline pipeline = common.pipeline()) {
            status = pipeline.status(common.episode);
        }
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(StatusJson.of(status)));
        } else {
            System.out.println("episode " + status.episodeId() + " (" + status.episodeKey() + "), active job: "
                    + (status.activeJobId() == null ? "none" : status.activeJobId()));
            for (Stage stage : Stage.values()) {
                StageReport r = status.stages().get(stage);
                System.out.printf(Locale.ROOT, "  %-8s %-9s %5.1f%%  %s%s%s%n", stage.id(), r.status().id(), r.pct() * 100,
                        r.jobId() == null ? "" : r.jobId(),
                        r.heartbeatAgeSeconds() >= 0 ? String.format(Locale.ROOT, "  heartbeat %.1f s ago", r.heartbeatAgeSeconds()) : "",
                        r.message() == null ? "" : "  " + r.message());
            }
        }
        return ExitCodes.DONE;
    }
}
