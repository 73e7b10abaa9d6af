package dev.facereel.examples.cli;

import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.examples.common.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facereel report}: one self-contained HTML page of the episode's identities. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML report of the episode's identities.")
final class ReportCommand implements Callable<Integer> {
    @Mixin
    DataOptions common;

    @Option(names = "--out", description = "Output file (default: <data>/episodes/<key>/report.html).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Commands.requireKey(common);
        Path root = common.data.toAbsolutePath();
        Path episodeDir = root.resolve("episodes").resolve(common.key().value());
        if (!Files.exists(episodeDir.resolve("cluster").resolve("clusters.json"))) {
            System.err.println("facereel: episode " + common.episode + " has no clusters yet; run "
                    + "'facereel analyze <video> --episode " + common.episode + "' first");
            return ExitCodes.FAILED;
        }
        Optional<JobEnvelope> job;
        try (FacePipeline pipeline = common.pipeline()) {
            EpisodeStatus status = pipeline.status(common.episode);
            String jobId = status.stages().get(Stage.CLUSTER).jobId();
            job = jobId == null ? Optional.empty() : JobStore.onFiles(root).find(JobId.of(jobId));
        }
        Path target = out != null ? out : episodeDir.resolve("report.html");
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(target, new HtmlReport(episodeDir, common.episode, job).render(), StandardCharsets.UTF_8);
        System.out.println("report written to " + target);
        return ExitCodes.DONE;
    }
}
