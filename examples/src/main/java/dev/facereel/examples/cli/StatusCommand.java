package dev.facereel.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.StageReport;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.examples.common.StatusJson;
import dev.facereel.jobstore.postgres.PostgresJobStorage;
import dev.facereel.jobstore.postgres.QueueEntry;
import java.util.Locale;
import java.util.Optional;
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
        Optional<QueueEntry> queued = Optional.empty();
        try (FacePipeline pipeline = common.pipeline()) {
            status = pipeline.status(common.episode);
        }
        if (common.store.isSet()) {
            try (PostgresJobStorage store = common.store.connect()) {
                queued = store.queue().latest(common.episode);
            }
        }
        if (json) {
            ObjectNode root = StatusJson.of(status);
            queued.ifPresent(q -> {
                ObjectNode n = root.putObject("queue");
                n.put("id", q.id());
                n.put("state", q.state().id());
                n.put("attempt", q.attempt());
                n.put("worker", q.worker());
                n.put("job_id", q.jobId());
                n.put("error", q.error());
            });
            System.out.println(new ObjectMapper().writeValueAsString(root));
        } else {
            System.out.println("episode " + status.episodeId() + " (" + status.episodeKey() + "), active job: "
                    + (status.activeJobId() == null ? "none" : status.activeJobId()));
            queued.ifPresent(q -> System.out.println("  queue    #" + q.id() + " " + q.state().id()
                    + (q.worker() == null ? "" : " on " + q.worker()) + (q.attempt() > 1 ? ", attempt " + q.attempt() : "")
                    + (q.error() == null ? "" : "  " + q.error())));
            for (StageReport r : status.stages().values()) {
                System.out.printf(Locale.ROOT, "  %-8s %-9s %5.1f%%  %s%s%s%n", r.stage().id(), r.status().id(), r.pct() * 100,
                        r.jobId() == null ? "" : r.jobId(),
                        r.heartbeatAgeSeconds() >= 0 ? String.format(Locale.ROOT, "  heartbeat %.1f s ago", r.heartbeatAgeSeconds()) : "",
                        r.message() == null ? "" : "  " + r.message());
            }
        }
        return ExitCodes.DONE;
    }
}
