package dev.facereel.examples.cli;

import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeResults;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobHandle;
import dev.facereel.core.Stage;
import dev.facereel.core.StageReport;
import dev.facereel.core.StageStatus;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.examples.common.JobOptions;
import dev.facereel.examples.common.TuningOptions;
import dev.facereel.examples.common.UsageException;
import dev.facereel.spi.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code facereel analyze}: runs an episode up to a stage, resuming a dead job of the episode if there is one. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse a video: detect, track, stills, cluster and name, resuming a dead job if one exists.")
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<video>", description = "The video file.")
    Path video;

    @Mixin
    DataOptions common;

    @Mixin
    UntilOption stage;

    @Mixin
    JobOptions job;

    @Mixin
    TuningOptions tuning;

    @Option(names = "--show", description = "The show the episode belongs to, whose cast names its people (default: "
            + "the show it was analysed in before, else 'default').")
    String show;

    @Option(names = "--cluster-threshold", paramLabel = "COSINE",
            description = "Cosine similarity above which tracks join one identity (default: the embedder's own).")
    Double clusterThreshold;

    @Override
    public Integer call() throws Exception {
        Commands.requireKey(common);
        FacePipeline.Builder builder = job.pipeline(common.data, tuning);
        if (clusterThreshold != null) {
            try {
                builder.clusterThreshold(clusterThreshold);
            } catch (IllegalArgumentException refused) {
                throw new UsageException("--cluster-threshold: " + refused.getMessage(), refused);
            }
        }
        Episode episode = show == null ? new Episode(common.episode, video.toAbsolutePath())
                : new Episode(common.episode, video.toAbsolutePath(), show);
        if (!Files.isRegularFile(video)) {
            throw new InvalidInputException("video " + video + " does not exist or is not a file; expected a video file");
        }
        try (FacePipeline pipeline = common.store.apply(builder).build()) {
            EpisodeStatus status = pipeline.status(common.episode);
            if (status.activeJobId() != null) {
                Optional<StageReport> dead = status.stages().values().stream()
                        .filter(s -> s.status() == StageStatus.DEAD).findFirst();
                if (dead.isEmpty()) {
                    long pid = status.stages().values().stream().filter(s -> status.activeJobId().equals(s.jobId()))
                            .mapToLong(StageReport::ownerPid).filter(p -> p >= 0).findFirst().orElse(-1);
                    throw new JobAlreadyRunningException(status.episodeKey(), status.activeJobId(),
                            pid >= 0 ? "pid " + pid : "another process");
                }
                System.err.println("facereel: resuming dead job " + status.activeJobId() + " from its checkpoint ("
                        + dead.get().message() + ")");
                JobWatcher.follow(pipeline, pipeline.resume(status.activeJobId()), System.err, true);
            }
            JobHandle job = pipeline.submit(episode, stage.until);
            JobWatcher.follow(pipeline, job, System.err, true);
            printSummary(pipeline, job.jobId());
        }
        return ExitCodes.DONE;
    }

    private void printSummary(FacePipeline pipeline, String jobId) {
        System.out.println("job " + jobId + " done: " + stage.until.id() + " of episode " + common.episode);
        Optional<EpisodeResults> results = Stage.CLUSTER.equals(stage.until) || Stage.NAME.equals(stage.until) ? pipeline.results(common.episode)
                : Optional.empty();
        Path episodeDir = pipeline.episodeDir(common.episode);
        if (results.isEmpty()) {
            System.out.println("results in " + episodeDir);
            return;
        }
        System.out.println(results.get().identities().size() + " identities in " + episodeDir + ":");
        for (EpisodeResults.Identity identity : results.get().identities()) {
            System.out.printf(Locale.ROOT, "  %s  %-24s %7.1f s  %d tracks  %s%n", identity.id(),
                    identity.isNamed() ? identity.name() : "(unnamed)", identity.screenTimeSeconds(),
                    identity.tracks().size(), identity.still());
        }
    }
}
