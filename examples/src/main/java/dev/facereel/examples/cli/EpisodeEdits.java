package dev.facereel.examples.cli;

import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeResults;
import dev.facereel.core.EpisodeStatus;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobHandle;
import dev.facereel.core.Providers;
import dev.facereel.core.ShowCast;
import dev.facereel.core.Stage;
import dev.facereel.core.StageStatus;
import dev.facereel.core.cast.Edit;
import dev.facereel.examples.common.JobOptions;
import dev.facereel.examples.common.RememberedProviders;
import dev.facereel.examples.common.TuningOptions;
import dev.facereel.examples.common.UsageException;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.InvalidInputException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the episode edit commands ({@code name}, {@code unname}, {@code merge}, {@code move}) share: the episode and
 * its show, a pipeline with the providers the episode was analysed with, storing the edit, then running the
 * episode's name stage so that the edit shows. Waiting for a job that already runs on the episode, and then running
 * the name stage (skipped when that job already applied the edit).
 */
final class EpisodeEdits implements AutoCloseable {
    private static final Duration WAIT_STEP = Duration.ofSeconds(5);

    private final DataOptions common;
    private final JobOptions job;
    private final TuningOptions tuning;
    private final FacePipeline editor;
    private final Episode episode;
    private final RememberedProviders.Choice providers;
    private Detector detector;
    private Embedder embedder;

    private EpisodeEdits(DataOptions common, JobOptions job, TuningOptions tuning, FacePipeline editor,
                         Episode episode, RememberedProviders.Choice providers, Detector detector, Embedder embedder) {
        this.common = common;
        this.job = job;
        this.tuning = tuning;
        this.editor = editor;
        this.episode = episode;
        this.providers = providers;
        this.detector = detector;
        this.embedder = embedder;
    }

    /**
     * Opens the episode for editing. The providers must be the ones the episode was analysed with (same
     * {@code --detector}, {@code --embedder} and {@code --sample-fps} as {@code analyze}), else its name stage
     * would analyse it anew: that is a usage error, found before anything is stored.
     *
     * @param show the {@code --show} given, or null for the episode's own
     * @throws InvalidInputException when the episode is unknown, has no identities yet, or is in another show
     */
    static EpisodeEdits open(DataOptions common, String show, JobOptions job, TuningOptions tuning) {
        Commands.requireKey(common);
        tuning.requireValid();
        FacePipeline editor = common.pipeline();
        Detector detector = null;
        Embedder embedder = null;
        try {
            Episode episode = editor.episode(common.episode).orElseThrow(() -> new InvalidInputException(
                    "unknown episode '" + common.episode + "' under " + editor.dataRoot() + "; analyse it first "
                            + "with 'facereel analyze <video> --episode " + common.episode + "'"));
            if (show != null && !show.equals(episode.show())) {
                throw new InvalidInputException("episode '" + common.episode + "' belongs to show '"
                        + episode.show() + "', not '" + show + "'");
            }
            Map<Stage, Map<String, String>> settings = settings(editor, common.episode);
            Providers providers = Providers.fromClassPath();
            RememberedProviders.Choice chosen = job.providers(common.data);
            detector = providers.detector(chosen.detector().name(), JobOptions.providerConfig(
                    chosen.detector().name(), chosen.detector().model(), tuning.threads()));
            embedder = providers.embedder(chosen.embedder().name(), JobOptions.providerConfig(
                    chosen.embedder().name(), chosen.embedder().model(), tuning.threads()));
            requireSameAnalysis(common.episode, settings, detector, embedder, job, "");
            return new EpisodeEdits(common, job, tuning, editor, episode, chosen, detector, embedder);
        } catch (RuntimeException e) {
            closeAll(editor, detector, embedder);
            throw e;
        }
    }

    private static Map<Stage, Map<String, String>> settings(FacePipeline pipeline, String episodeId) {
        return pipeline.results(episodeId).map(EpisodeResults::settings).orElseThrow(() ->
                new InvalidInputException("episode '" + episodeId + "' has no identities yet; analyse it first "
                        + "with 'facereel analyze <video> --episode " + episodeId + "'"));
    }

    private static void requireSameAnalysis(String episodeId, Map<Stage, Map<String, String>> settings,
                                            Detector detector, Embedder embedder, JobOptions job, String prefix) {
        Map<String, String> detect = settings.getOrDefault(Stage.DETECT, Map.of());
        List<String> differ = new ArrayList<>();
        if (!Objects.equals(detect.get("detector"), detector.modelId())) {
            differ.add("detector " + detect.get("detector") + " (got " + detector.modelId() + ")");
        }
        if (!Objects.equals(detect.get("embedder"), embedder.modelId())) {
            differ.add("embedder " + detect.get("embedder") + " (got " + embedder.modelId() + ")");
        }
        String fps = detect.get("sample_fps");
        if (fps != null && Double.parseDouble(fps) != job.sampleFps()) {
            differ.add("--sample-fps " + fps + " (got " + job.sampleFps() + ")");
        }
        if (!differ.isEmpty()) {
            throw new UsageException(prefix + "episode '" + episodeId + "' was analysed with "
                    + String.join(", ", differ) + "; give the same --detector, --embedder (with their models) and "
                    + "--sample-fps as 'facereel analyze', or its name stage would analyse it again", null);
        }
    }

    ShowCast cast() {
        return editor.show(episode.show());
    }

    Episode episode() {
        return episode;
    }

    /** The episode's identities as they are now. */
    EpisodeResults results() {
        return editor.results(common.episode).orElseThrow();
    }

    /**
     * Stores the edit, runs the episode's name stage (after any job running on it), and returns the edit and the
     * results it led to. The providers are recorded as what the data root remembers once the edit is stored, so a
     * refused edit records nothing.
     */
    Applied apply(Function<ShowCast, Edit> change, PrintStream err) throws InterruptedException {
        Edit edit = change.apply(cast());
        JobOptions.remember(common.data, providers);
        runNameStage(err);
        return new Applied(edit, results());
    }

    private void runNameStage(PrintStream err) throws InterruptedException {
        awaitNoJob(err);
        // the settings as a job that ran meanwhile left them, cluster threshold included
        Map<Stage, Map<String, String>> settings = settings(editor, common.episode);
        requireSameAnalysis(common.episode, settings, detector, embedder, job, "the edit is stored, but ");
        FacePipeline.Builder b = FacePipeline.builder().dataRoot(common.data.toAbsolutePath())
                .detector(detector).embedder(embedder).sampleFps(job.sampleFps())
                .heartbeatInterval(job.heartbeat()).stallAfter(job.stallAfter())
                .noProgressAfter(job.stallAfter().multipliedBy(4));
        Map<String, String> cluster = settings.getOrDefault(Stage.CLUSTER, Map.of());
        try {
            if (cluster.containsKey("threshold")) {
                b.clusterThreshold(Double.parseDouble(cluster.get("threshold")));
            }
            tuning.applyTo(b);
            if (tuning.parallelism() != null) {
                b.parallelism(tuning.parallelism());
            }
        } catch (IllegalArgumentException refused) {
            throw new UsageException(refused.getMessage(), refused);
        }
        FacePipeline namer = common.store.apply(b).build();
        // the pipeline owns the providers from here on
        detector = null;
        embedder = null;
        try (namer) {
            while (true) {
                JobHandle handle;
                try {
                    handle = namer.submit(episode, Stage.NAME);
                } catch (JobAlreadyRunningException startedMeanwhile) {
                    awaitNoJob(err);
                    continue;
                }
                JobWatcher.follow(namer, handle, err, true);
                return;
            }
        }
    }

    /** Waits while a job runs on the episode; a dead one is for {@code facereel resume}. */
    private void awaitNoJob(PrintStream err) throws InterruptedException {
        while (true) {
            EpisodeStatus status = editor.status(common.episode);
            if (status.activeJobId() == null) {
                return;
            }
            if (status.stages().values().stream().anyMatch(s -> s.status() == StageStatus.DEAD)) {
                throw new IllegalStateException("the edit is stored, but episode '" + common.episode + "' has "
                        + "a dead job (" + status.activeJobId() + "); run 'facereel resume --episode "
                        + common.episode + "', then 'facereel analyze' to apply the edit");
            }
            err.println("facereel: waiting for job " + status.activeJobId() + " of episode " + common.episode
                    + " to end; the edit is stored, and the name stage applies it after");
            editor.awaitEnd(status.activeJobId(), WAIT_STEP);
        }
    }

    /** The episode's identity holding the track, after the edit. */
    static Optional<EpisodeResults.Identity> identityOf(EpisodeResults results, String trackId) {
        List<EpisodeResults.Identity> all = new ArrayList<>(results.identities());
        all.addAll(results.incidentalIdentities());
        return all.stream().filter(i -> i.tracks().stream().anyMatch(t -> t.id().equals(trackId))).findFirst();
    }

    /** An identity as the edit lines show it: {@code p03 ('Kit Harington')} or {@code p03 (unnamed)}. */
    static String describe(EpisodeResults.Identity identity) {
        return identity.id() + (identity.isNamed() ? " ('" + identity.name() + "')" : " (unnamed)");
    }

    /** Prints the unresolved edits of the episode, one a line, after the line saying what changed. */
    static void printUnresolved(EpisodeResults results, PrintStream out) {
        for (String u : results.unresolvedEdits()) {
            out.println("  unresolved edit " + u);
        }
    }

    @Override
    public void close() {
        closeAll(editor, detector, embedder);
    }

    private static void closeAll(FacePipeline pipeline, Detector detector, Embedder embedder) {
        if (detector != null) {
            detector.close();
        }
        if (embedder != null) {
            embedder.close();
        }
        pipeline.close();
    }

    /** An edit as stored, and the episode's results once its name stage ran. */
    record Applied(Edit edit, EpisodeResults results) {
    }
}
