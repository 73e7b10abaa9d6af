package dev.facereel.core;

import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.internal.jobs.JobCoordinator;
import dev.facereel.core.internal.jobs.JobRun;
import dev.facereel.core.internal.jobs.JobTimings;
import dev.facereel.core.internal.jobs.ScheduledHeartbeatTimer;
import dev.facereel.core.internal.pipeline.AutoRuns;
import dev.facereel.core.internal.pipeline.JobHandles;
import dev.facereel.core.internal.pipeline.PipelineRunner;
import dev.facereel.core.internal.pipeline.PipelineStages;
import dev.facereel.core.internal.pipeline.ProgressSnapshot;
import dev.facereel.core.internal.pipeline.ResultsReader;
import dev.facereel.core.internal.pipeline.StatusReader;
import dev.facereel.core.internal.pipeline.TakingTurns;
import dev.facereel.core.internal.stage.EpisodeFile;
import dev.facereel.core.internal.stage.CastRule;
import dev.facereel.core.internal.stage.FaceFilter;
import dev.facereel.core.internal.stage.PipelineSettings;
import dev.facereel.core.internal.stage.StageList;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.ProcessProbe;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: turns episodes into identities, every stage a durable job under one data root.
 * {@link #submit} runs a job on a background thread of this pipeline; {@link #attach}, {@link #status},
 * {@link #cancel} and {@link #resume} work on jobs of any process that shares the data root. Opening a pipeline
 * logs the dead jobs it finds ({@link #recoverable()}). Thread-safe; close it to stop its threads and release its
 * providers.
 */
public final class FacePipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FacePipeline.class);

    private final DataLayout layout;
    private final StageList stageList;
    private final JobCoordinator coordinator;
    private final Detector detector;
    private final Embedder embedder;
    private final PipelineSettings settings;
    private final int parallelism;
    private final JobTimings timings;
    private final Clock clock;
    private final Ticker ticker;
    private final ScheduledHeartbeatTimer timer;
    private final JobStorage storage;
    private final ExecutorService workers;
    private final StatusReader statusReader;
    private final Map<JobId, JobRun> localRuns = new ConcurrentHashMap<>();

    private FacePipeline(Builder b, PipelineSettings settings, JobTimings timings, Detector detector,
                         Embedder embedder) {
        this.layout = new DataLayout(b.dataRoot.get());
        this.stageList = b.stageList.get();
        // the jobs this pipeline runs at once share the providers
        this.detector = TakingTurns.detector(detector);
        this.embedder = TakingTurns.embedder(embedder);
        this.settings = settings;
        this.parallelism = b.parallelism.get();
        this.timings = timings;
        this.clock = b.clock.get();
        this.ticker = b.ticker.get();
        this.timer = new ScheduledHeartbeatTimer();
        this.storage = b.storage.isSet() ? b.storage.get() : JobStorage.onFiles(b.dataRoot.get(), b.probe, clock);
        this.coordinator = new JobCoordinator(storage.jobs(), storage.runtime(), storage.locks(), b.probe, clock, ticker,
                timings, timer, new Random());
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "facereel-job");
            t.setDaemon(true);
            return t;
        });
        this.statusReader = new StatusReader(layout, stageList, coordinator);
        try {
            for (JobEnvelope dead : coordinator.recoverable()) {
                LOG.warn("Job {} of episode '{}' is dead ({}); resume or cancel it", dead.id(), dead.episode(),
                        coordinator.health(dead).reason());
            }
        } catch (JobStoreException unreadable) {
            LOG.warn("The recovery scan could not read the job storage: {}", unreadable.getMessage());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a job that brings the episode up to {@code target}, running whichever earlier stages are missing or
     * stale. If a dead job holds the episode it is taken over and finished as failed; its checkpoints are reused.
     *
     * @throws JobAlreadyRunningException when a live job owns the episode
     * @throws InvalidInputException when the video does not exist
     */
    public JobHandle submit(Episode episode, Stage target) {
        Objects.requireNonNull(episode, "episode");
        Objects.requireNonNull(target, "target");
        if (!java.nio.file.Files.isRegularFile(episode.video())) {
            throw new InvalidInputException("video " + episode.video() + " does not exist; expected a readable video file");
        }
        episode = inRecordedShow(episode);
        JobHandles.Local handle = JobHandles.local(coordinator);
        List<Stage> stages = stageList.withPrerequisites(requireStage(target));
        JobRun run = coordinator.start(episode.key(), target, stages,
                PipelineRunner.params(episode, settings), env -> { });
        return launch(run, episode, handle, settings);
    }

    /**
     * Continues a dead job from its checkpoints in this process, with the sample rate and cluster threshold the job
     * was started with and this pipeline's detector and embedder (if those differ from the job's, the detect stage is
     * stale and starts over).
     *
     * @throws JobAlreadyRunningException when the job is alive (use {@link #attach} instead)
     * @throws InvalidInputException when the id is malformed or unknown, or the job has ended
     */
    public JobHandle resume(String jobId) {
        JobEnvelope env = coordinator.require(JobId.of(jobId));
        Episode episode = new Episode(env.params().getOrDefault("episode_id", env.episode().value()),
                layout.root().getFileSystem().getPath(env.params().getOrDefault("video", "")),
                env.params().getOrDefault("show", Episode.DEFAULT_SHOW));
        JobHandles.Local handle = JobHandles.local(coordinator);
        JobRun run = coordinator.resume(env.id(), e -> { });
        return launch(run, episode, handle, PipelineRunner.settingsOf(env.params(), settings));
    }

    /**
     * The live (or dead but unfinished) job that owns the episode, wherever it runs. A job whose owner has just
     * claimed the episode (as a refused {@link #submit} reports) is found too: attach waits the moment it takes that
     * owner to record the job.
     */
    public Optional<JobHandle> attach(String episodeId) {
        try {
            return coordinator.activeJobOnceClaimed(EpisodeKey.of(episodeId), JobCoordinator.Sleeper.real())
                    .map(env -> JobHandles.remote(coordinator, layout, env, timings));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return coordinator.activeJob(EpisodeKey.of(episodeId)).map(env -> JobHandles.remote(coordinator, layout, env,
                    timings));
        }
    }

    /**
     * Requests cancellation. The worker stops within one heartbeat interval (at once when it runs in this
     * pipeline); a dead job is finished as canceled here and now.
     *
     * @throws InvalidInputException when the id is malformed or unknown
     */
    public void cancel(String jobId) {
        JobId id = JobId.of(jobId);
        PipelineRunner.recordEnd(layout, coordinator.cancel(id));
        JobRun local = localRuns.get(id);
        if (local != null) {
            local.stopSoon();
        }
    }

    /**
     * Cancels a job whose worker does not acknowledge: after a grace of two heartbeat intervals its process (on
     * this host) gets SIGTERM, then SIGKILL, and the job is finished as canceled.
     *
     * @throws InvalidInputException when the id is unknown or the owner runs on another host
     */
    public void forceCancel(String jobId) throws InterruptedException {
        PipelineRunner.recordEnd(layout, coordinator.forceCancel(JobId.of(jobId), timings.heartbeatInterval().multipliedBy(2),
                JobCoordinator.Sleeper.real()));
    }

    /** Waits until the job has ended, at most {@code timeout}; true if it did. */
    public boolean awaitEnd(String jobId, Duration timeout) throws InterruptedException {
        return coordinator.awaitEnd(JobId.of(jobId), timeout, JobCoordinator.Sleeper.real());
    }

    /** Each stage's state for the episode. */
    public EpisodeStatus status(String episodeId) {
        return statusReader.status(episodeId);
    }

    /** This pipeline's stages, in the order they run; each comes after the stages it needs. */
    public List<Stage> stages() {
        return stageList.stages();
    }

    /**
     * {@code target} and the stages it needs, directly or not, in the order they run: what {@link #submit} runs when
     * they are all missing or stale.
     *
     * @throws InvalidInputException when this pipeline has no such stage
     */
    public List<Stage> withPrerequisites(Stage target) {
        return stageList.withPrerequisites(requireStage(target));
    }

    /**
     * What a job announces when it runs {@code prerequisites} before {@code target}, in the words its progress events
     * use; empty when there are none.
     *
     * @throws InvalidInputException when this pipeline has no such target stage
     */
    public Optional<AutoRun> autoRun(Stage target, List<Stage> prerequisites) {
        return AutoRuns.of(stageList, prerequisites, requireStage(target));
    }

    /**
     * What the pipeline found in the episode, read from its stage outputs; empty until its cluster stage has run.
     *
     * @throws InvalidInputException when the id cannot be an episode's
     * @throws JobStoreException naming the file when a result file is damaged or from another episode
     */
    public Optional<EpisodeResults> results(String episodeId) {
        return ResultsReader.read(layout, stageList, EpisodeKey.of(episodeId));
    }

    /**
     * The cast of a show and the corrections to its episodes. Changes are stored in this pipeline's job storage
     * (with PostgreSQL, shared by every host) and embedded with this pipeline's detector and embedder.
     *
     * @throws InvalidInputException when the show name is not 1-64 characters of a-z, 0-9, '_' and '-'
     */
    public ShowCast show(String show) {
        return new ShowCast(show, layout, storage.casts(), detector, embedder, clock);
    }

    /**
     * Records the episode under the data root, so that {@link #episodes()} lists it before any stage ran. Registering
     * an episode again is harmless.
     *
     * @return the episode as recorded: an earlier registration (or analysis) of its key wins, so a caller can see
     *     that the key is taken by another video
     */
    public Episode register(Episode episode) {
        Objects.requireNonNull(episode, "episode");
        return EpisodeFile.register(layout, episode).episode();
    }

    /**
     * The episode recorded under the data root with this id's key (registered or analysed), if any.
     *
     * @throws InvalidInputException when the id cannot be an episode's
     * @throws JobStoreException naming the file when its record is damaged
     */
    public Optional<Episode> episode(String episodeId) {
        return EpisodeFile.read(layout, EpisodeKey.of(episodeId)).map(EpisodeFile.Contents::episode);
    }

    /** The episodes recorded under the data root (registered or analysed), by key. */
    public List<Episode> episodes() {
        return EpisodeFile.list(layout);
    }

    /**
     * The last progress event of the episode's newest job, as its worker persisted it, from any process; empty when
     * no job ran or the snapshot cannot be read at this moment.
     */
    public Optional<ProgressEvent> lastProgress(String episodeId) {
        return ProgressSnapshot.read(layout, EpisodeKey.of(episodeId));
    }

    /**
     * The episode's folder under the data root: its stages' outputs and diagnostics are in it, and a host may keep
     * files of its own about the episode there, such as a report. It may not exist yet.
     *
     * @throws InvalidInputException when the id cannot be an episode's
     */
    public Path episodeDir(String episodeId) {
        return layout.episodeDir(EpisodeKey.of(episodeId));
    }

    /**
     * The episode's folder for diagnostics (its progress snapshot and the like), where a host may put logs of its
     * own about the episode. It may not exist yet.
     *
     * @throws InvalidInputException when the id cannot be an episode's
     */
    public Path diagnosticsDir(String episodeId) {
        return layout.diagnosticsDir(EpisodeKey.of(episodeId));
    }

    /** The jobs whose owners died without finishing them. */
    public List<String> recoverable() {
        return coordinator.recoverable().stream().map(e -> e.id().value()).toList();
    }

    public Path dataRoot() {
        return layout.root();
    }

    /**
     * Stops this pipeline: jobs running in it stop at their next unit of work and end as canceled (their checkpoints
     * stay for a later run), then the providers are released. If a job does not stop within two heartbeat intervals
     * the providers are left open rather than pulled from under it.
     */
    @Override
    public void close() {
        localRuns.values().forEach(JobRun::stopSoon);
        workers.shutdown();
        boolean stopped;
        try {
            stopped = workers.awaitTermination(timings.heartbeatInterval().toMillis() * 2 + 1000,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        timer.close();
        if (stopped) {
            detector.close();
            embedder.close();
            storage.close();
        } else {
            LOG.warn("Jobs {} did not stop in time; leaving their detector, embedder and job storage open",
                    localRuns.keySet());
        }
    }

    /**
     * The episode in the show its record names: an episode given in the default show joins the one it was
     * recorded in; another show than the recorded one is refused, since its edits and names live with its show.
     */
    private Episode inRecordedShow(Episode episode) {
        Optional<Episode> recorded = EpisodeFile.read(layout, episode.key()).map(EpisodeFile.Contents::episode);
        if (recorded.isEmpty() || recorded.get().show().equals(episode.show())) {
            return episode;
        }
        if (episode.show().equals(Episode.DEFAULT_SHOW)) {
            return episode.inShow(recorded.get().show());
        }
        throw new InvalidInputException("episode '" + episode.key().value() + "' belongs to show '"
                + recorded.get().show() + "', not '" + episode.show() + "'; an episode stays in its show");
    }

    private Stage requireStage(Stage stage) {
        Objects.requireNonNull(stage, "stage");
        return Stage.fromId(stage.id(), stageList.stages());
    }

    private JobHandle launch(JobRun run, Episode episode, JobHandles.Local handle, PipelineSettings jobSettings) {
        // This run holds the episode's lease: whatever temporary files a crashed writer left among the episode's
        // files are garbage. (A file job store sweeps its own job folder when it takes a job over.)
        AtomicFiles.sweepTemporary(layout.episodeDir(episode.key()));
        if (run.lease().isTakeover()) {
            // The dead job this run took the episode from left its own folder; a file job store keeps job state
            // there, and a crashed writer may have left temporary files in it.
            AtomicFiles.sweepTemporary(layout.jobDir(run.lease().previous().jobId()));
        }
        PipelineRunner runner = new PipelineRunner(layout, stageList, detector, embedder, storage.casts(), jobSettings,
                parallelism, clock,
                handle::progress);
        runner.plan(run, episode);
        handle.bind(run);
        localRuns.put(run.id(), run);
        workers.submit(() -> {
            try {
                runner.run(run, episode);
                handle.complete(null);
            } catch (Throwable t) {
                handle.complete(t);
            } finally {
                localRuns.remove(run.id());
            }
        });
        return handle;
    }

    /**
     * Configures a {@link FacePipeline}. Each setting is given at most once; every one but the data root has a
     * default. Not thread-safe.
     *
     * <ul>
     *   <li>A bad value throws {@link IllegalArgumentException} naming it (a null one, {@link NullPointerException}).
     *   <li>Giving a setting again throws {@link IllegalStateException} naming it and the value it has.
     *   <li>Settings that contradict each other throw {@link IllegalStateException} naming both: the detector is
     *       either a provider name with its configuration or an instance, and so is the embedder; {@link #providers}
     *       is where names are looked up, so it contradicts giving both the detector and the embedder as instances
     *       (with one instance it serves the other); {@link #stallAfter} must be longer than
     *       {@link #heartbeatInterval} (checked by {@link #build}, so either may be set first).
     * </ul>
     */
    public static final class Builder {
        private final Setting<Path> dataRoot = new Setting<>("dataRoot", null);
        private final Setting<JobStorage> storage = new Setting<>("jobStorage", null);
        private final Setting<Providers> providers = new Setting<>("providers", null);
        private final ProviderSetting<Detector> detector = new ProviderSetting<>("detector", "Detector", "opencv-haar");
        private final ProviderSetting<Embedder> embedder = new ProviderSetting<>("embedder", "Embedder", "opencv-lbp");
        private final Setting<Double> sampleFps = new Setting<>("sampleFps", PipelineSettings.DEFAULTS.sampleFps());
        private final Setting<Double> clusterThreshold =
                new Setting<>("clusterThreshold", PipelineSettings.DEFAULTS.clusterThreshold());
        private final Setting<Integer> minFaceSize = new Setting<>("minFaceSize", null);
        private final Setting<Double> minFaceQuality = new Setting<>("minFaceQuality", null);
        private final Setting<Integer> castMinFaces = new Setting<>("castMinFaces", CastRule.DEFAULTS.minFaces());
        private final Setting<Duration> castMinScreenTime = new Setting<>("castMinScreenTime",
                Duration.ofMillis(Math.round(CastRule.DEFAULTS.minScreenTimeSeconds() * 1000)));
        private final Setting<Double> castMinScreenShare =
                new Setting<>("castMinScreenShare", CastRule.DEFAULTS.minScreenShare());
        private final Setting<Double> castMinQuality = new Setting<>("castMinQuality", CastRule.DEFAULTS.minQuality());
        private final Setting<Integer> parallelism =
                new Setting<>("parallelism", Runtime.getRuntime().availableProcessors());
        private final Setting<Duration> heartbeatInterval =
                new Setting<>("heartbeatInterval", JobTimings.DEFAULTS.heartbeatInterval());
        private final Setting<Duration> stallAfter = new Setting<>("stallAfter", JobTimings.DEFAULTS.stallAfter());
        private final Setting<Duration> noProgressAfter =
                new Setting<>("noProgressAfter", JobTimings.DEFAULTS.noProgressAfter());
        private final Setting<Clock> clock = new Setting<>("clock", Clock.systemUTC());
        private final Setting<Ticker> ticker = new Setting<>("ticker", Ticker.system());
        private final Setting<StageList> stageList = new Setting<>("stages", PipelineStages.DEFAULT);
        private final ProcessProbe probe = ProcessProbe.local();

        private Builder() {
        }

        /** Another stage list than FaceReel's own: for tests of the stage contract. */
        Builder stages(StageList stages) {
            stageList.set(Objects.requireNonNull(stages, "stages"));
            return this;
        }

        /** The folder under which episodes' stage outputs (and, by default, job state) live. Required. */
        public Builder dataRoot(Path root) {
            dataRoot.set(Objects.requireNonNull(root, "root"));
            return this;
        }

        /**
         * Where job envelopes, runtime records and leases live (default: files under the data root). With a shared
         * storage such as {@code PostgresJobStorage}, pipelines on several hosts coordinate through it; their data
         * root must then be one shared folder (for example a network mount) reachable by every host. The pipeline
         * closes the storage.
         */
        public Builder jobStorage(JobStorage s) {
            storage.set(Objects.requireNonNull(s, "storage"));
            return this;
        }

        /**
         * Where provider names are looked up (default: the class path).
         *
         * @throws IllegalStateException at {@link #build} when both the detector and the embedder are instances,
         *     so that no name is looked up
         */
        public Builder providers(Providers p) {
            providers.set(Objects.requireNonNull(p, "providers"));
            return this;
        }

        /**
         * The detector provider's name and configuration (default: {@code opencv-haar}, no configuration).
         *
         * @throws IllegalStateException when a detector was already given, by name or as an instance
         */
        public Builder detector(String name, ProviderConfig config) {
            detector.byName(name, config);
            return this;
        }

        /**
         * A detector instance; the pipeline closes it.
         *
         * @throws IllegalStateException when a detector was already given, by name or as an instance
         */
        public Builder detector(Detector d) {
            detector.instance(Objects.requireNonNull(d, "detector"));
            return this;
        }

        /**
         * The embedder provider's name and configuration (default: {@code opencv-lbp}, no configuration).
         *
         * @throws IllegalStateException when an embedder was already given, by name or as an instance
         */
        public Builder embedder(String name, ProviderConfig config) {
            embedder.byName(name, config);
            return this;
        }

        /**
         * An embedder instance; the pipeline closes it.
         *
         * @throws IllegalStateException when an embedder was already given, by name or as an instance
         */
        public Builder embedder(Embedder e) {
            embedder.instance(Objects.requireNonNull(e, "embedder"));
            return this;
        }

        /** Frames per second to analyse (default 5); at or above the video's rate means every frame. */
        public Builder sampleFps(double fps) {
            sampleFps.set(PipelineSettings.requireSampleFps(fps));
            return this;
        }

        /**
         * Cosine similarity at or above which clusters of tracks merge, in (-1, 1); by default the embedder's own
         * ({@link Embedder#calibration()}).
         */
        public Builder clusterThreshold(double threshold) {
            clusterThreshold.set(PipelineSettings.requireClusterThreshold(threshold));
            return this;
        }

        /**
         * The shorter side, in pixels, below which a detected face starts no track (default: 40 for
         * {@code opencv-haar}, 32 for other detectors), at least 0. Such a face stays in the detect results and may
         * join a track that a good face started.
         */
        public Builder minFaceSize(int px) {
            minFaceSize.set(FaceFilter.requireMinSize(px));
            return this;
        }

        /**
         * The face quality, in [0, 1], below which a detected face starts no track (default 0.3). The quality
         * combines the face's size, sharpness, detector score and, with landmarks, how frontal it is (see the
         * README's output files).
         */
        public Builder minFaceQuality(double quality) {
            minFaceQuality.set(FaceFilter.requireMinQuality(quality));
            return this;
        }

        /**
         * Good faces (those that may start a track) an identity needs to count as a cast member (default 3), at
         * least 1. Identities that miss any part of the cast rule are reported apart, as incidental.
         */
        public Builder castMinFaces(int faces) {
            castMinFaces.set(CastRule.requireMinFaces(faces));
            return this;
        }

        /**
         * Screen time that makes an identity cast (default 4 s), unless {@link #castMinScreenShare} of the episode
         * is less; not negative.
         */
        public Builder castMinScreenTime(Duration d) {
            Objects.requireNonNull(d, "castMinScreenTime");
            if (d.isNegative()) {
                throw new IllegalArgumentException("castMinScreenTime must not be negative, got " + d);
            }
            castMinScreenTime.set(d);
            return this;
        }

        /**
         * Share of the episode's length, in [0, 1], that makes an identity cast when it is less than
         * {@link #castMinScreenTime} (default 0.10).
         */
        public Builder castMinScreenShare(double share) {
            castMinScreenShare.set(CastRule.requireMinScreenShare(share));
            return this;
        }

        /** The quality, in [0, 1], that a cast member's best face must reach (default 0.5). */
        public Builder castMinQuality(double quality) {
            castMinQuality.set(CastRule.requireMinQuality(quality));
            return this;
        }

        /**
         * Frames analysed at once during detection (default: the number of processors), at least 1. It applies when
         * the detector and the embedder are thread-safe; otherwise one frame is analysed at a time, and jobs of
         * different episodes running at once take turns calling them. Decoding always overlaps with analysis.
         * Results do not depend on it.
         */
        public Builder parallelism(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + frames);
            }
            parallelism.set(frames);
            return this;
        }

        /** How often a running job records a heartbeat (default 10 s). */
        public Builder heartbeatInterval(Duration d) {
            heartbeatInterval.set(JobTimings.requirePositive("heartbeatInterval", d));
            return this;
        }

        /**
         * How long a job may go without a heartbeat before it counts as dead (default 30 s); longer than the
         * heartbeat interval.
         */
        public Builder stallAfter(Duration d) {
            stallAfter.set(JobTimings.requirePositive("stallAfter", d));
            return this;
        }

        /** How long a job whose heartbeats arrive may go without progress before it counts as stalled (default 2 min). */
        public Builder noProgressAfter(Duration d) {
            noProgressAfter.set(JobTimings.requirePositive("noProgressAfter", d));
            return this;
        }

        /** The wall clock persisted in job files (default UTC system clock). */
        public Builder clock(Clock c) {
            clock.set(Objects.requireNonNull(c, "clock"));
            return this;
        }

        /** The monotonic time source for intervals and stalls (default: the system's). */
        public Builder ticker(Ticker t) {
            ticker.set(Objects.requireNonNull(t, "ticker"));
            return this;
        }

        /**
         * Builds the pipeline and opens its providers.
         *
         * @throws IllegalStateException when no data root was set, or settings contradict each other (see {@link Builder})
         * @throws InvalidInputException when a model file is missing or unusable
         * @throws dev.facereel.spi.NoSuchProviderException when a provider name is unknown
         */
        public FacePipeline build() {
            if (!dataRoot.isSet()) {
                throw new IllegalStateException("dataRoot is required");
            }
            if (providers.isSet() && detector.isInstance() && embedder.isInstance()) {
                throw new IllegalStateException("providers conflicts with detector(Detector) and embedder(Embedder): "
                        + "with both given as instances, no provider is looked up by name");
            }
            JobTimings timings = new JobTimings(heartbeatInterval.get(), stallAfter.get(), noProgressAfter.get());
            CastRule cast = new CastRule(castMinFaces.get(), castMinScreenTime.get().toNanos() / 1e9,
                    castMinScreenShare.get(), castMinQuality.get());
            Providers lookup = providers.isSet() ? providers.get() : Providers.fromClassPath();
            Detector d = detector.open(lookup::detector);
            Embedder e;
            try {
                e = embedder.open(lookup::embedder);
            } catch (RuntimeException ex) {
                d.close();
                throw ex;
            }
            FaceFilter faceDefaults = FaceFilter.defaultsFor(d.modelId());
            FaceFilter faces = new FaceFilter(minFaceSize.isSet() ? minFaceSize.get() : faceDefaults.minSize(),
                    minFaceQuality.isSet() ? minFaceQuality.get() : faceDefaults.minQuality());
            PipelineSettings settings = new PipelineSettings(sampleFps.get(),
                    clusterThreshold.isSet() ? clusterThreshold.get() : e.calibration().clusterThreshold(), faces,
                    cast);
            return new FacePipeline(this, settings, timings, d, e);
        }
    }

    /** One setting of a {@link Builder}: its default until it is set, which it may be once. */
    private static final class Setting<T> {
        private final String name;
        private T value;
        private boolean set;

        Setting(String name, T defaultValue) {
            this.name = name;
            this.value = defaultValue;
        }

        /** @throws IllegalStateException naming the setting and its value when it was already set */
        void set(T newValue) {
            if (set) {
                throw new IllegalStateException(name + " was already set to " + value);
            }
            value = newValue;
            set = true;
        }

        boolean isSet() {
            return set;
        }

        T get() {
            return value;
        }
    }

    /**
     * The detector or the embedder of a {@link Builder}: a provider name with its configuration or an instance, one
     * of the two and once.
     */
    private static final class ProviderSetting<T> {
        private final String name;
        private final String type;
        private final String defaultProvider;
        private String provider;
        private ProviderConfig config;
        private T instance;

        ProviderSetting(String name, String type, String defaultProvider) {
            this.name = name;
            this.type = type;
            this.defaultProvider = defaultProvider;
        }

        /** @throws IllegalStateException naming what was given before, by name or as an instance */
        void byName(String providerName, ProviderConfig providerConfig) {
            Objects.requireNonNull(providerName, "name");
            Objects.requireNonNull(providerConfig, "config");
            if (instance != null) {
                throw new IllegalStateException(name + "(String, ProviderConfig) conflicts with " + name + "(" + type
                        + "), already set to " + instance);
            }
            if (provider != null) {
                throw new IllegalStateException(name + " was already set to '" + provider + "'");
            }
            provider = providerName;
            config = providerConfig;
        }

        /** @throws IllegalStateException naming what was given before, by name or as an instance */
        void instance(T given) {
            if (provider != null) {
                throw new IllegalStateException(name + "(" + type + ") conflicts with " + name
                        + "(String, ProviderConfig), already set to '" + provider + "'");
            }
            if (instance != null) {
                throw new IllegalStateException(name + " was already set to " + instance);
            }
            instance = given;
        }

        boolean isInstance() {
            return instance != null;
        }

        /** The instance, or the named (else the default) provider opened through {@code lookup}. */
        T open(BiFunction<String, ProviderConfig, T> lookup) {
            if (instance != null) {
                return instance;
            }
            return provider != null ? lookup.apply(provider, config) : lookup.apply(defaultProvider, ProviderConfig.empty());
        }
    }
}
