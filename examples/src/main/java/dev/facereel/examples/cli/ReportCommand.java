package dev.facereel.examples.cli;

import dev.facereel.core.CorruptFileException;
import dev.facereel.core.EpisodeResults;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.spi.InvalidInputException;
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
    private static final String AGAIN = "Analysing the episode again rewrites it";

    @Mixin
    DataOptions common;

    @Option(names = "--out", description = "Output file (default: <data>/episodes/<key>/report.html).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Commands.requireKey(common);
        EpisodeResults results;
        Optional<JobEnvelope> job;
        Path episodeDir;
        Path target;
        try (FacePipeline pipeline = common.pipeline()) {
            Optional<EpisodeResults> found = results(pipeline);
            if (found.isEmpty()) {
                System.err.println("facereel: episode " + common.episode + " has no clusters yet; run "
                        + "'facereel analyze <video> --episode " + common.episode + "' first");
                return ExitCodes.FAILED;
            }
            results = found.get();
            String jobId = pipeline.status(common.episode).stages().get(Stage.CLUSTER).jobId();
            job = jobId == null ? Optional.empty() : JobStorage.onFiles(pipeline.dataRoot()).jobs().find(JobId.of(jobId));
            episodeDir = pipeline.episodeDir(common.episode);
            target = out != null ? out : episodeDir.resolve("report.html");
        }
        String html = new HtmlReport(results, episodeDir, common.episode, job).render();
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(target, html, StandardCharsets.UTF_8);
        System.out.println("report written to " + target);
        return ExitCodes.DONE;
    }

    /**
     * The episode's results, empty before clustering.
     *
     * @throws InvalidInputException naming the file when a result file is damaged or of another schema
     */
    private Optional<EpisodeResults> results(FacePipeline pipeline) {
        try {
            return pipeline.results(common.episode);
        } catch (CorruptFileException e) {
            throw new InvalidInputException(e.file() + " cannot be read: " + e.problem()
                    + "; expected a schema-1 FaceReel result. " + AGAIN, e);
        } catch (JobStoreException e) {
            throw new InvalidInputException(e.getMessage() + ". " + AGAIN, e);
        }
    }
}
