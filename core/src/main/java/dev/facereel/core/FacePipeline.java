package dev.facereel.core;

import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.internal.jobs.JobCoordinator;
import dev.facereel.core.internal.jobs.JobRun;
import dev.facereel.core.internal.jobs.JobTimings;
import dev.facereel.core.internal.jobs.ScheduledHeartbeatTimer;
import dev.facereel.core.internal.pipeline.JobHandles;
import dev.facereel.core.internal.pipeline.PipelineRunner;
import dev.facereel.core.internal.pipeline.PipelineStages;
import dev.facereel.core.internal.pipeline.ProgressSnapshot;
import dev.facereel.core.internal.pipeline.ResultsReader;
import dev.facereel.core.internal.pipeline.StatusReader;
import dev.facereel.core.internal.pipeline.TakingTurns;
import dev.facereel.core.internal.stage.EpisodeFile;
import dev.facereel.core.internal.stage.PipelineSettings;
import dev.facereel.core.internal.stage.StageList;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.jobs.ProcessProbe;
import dev.facereel.core.jobs.StallDetector;
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

    private FacePipeline(Builder b, Detector detector, Embedder embedder) {
        this.layout = new DataLayout(b.dataRoot);
        this.stageList = b.stageList;
        // the jobs this pipeline runs at once share the providers
        this.detector = TakingTurns.detector(detector);
        this.embedder = TakingTurns.embedder(embedder);
        this.settings = new PipelineSettings(b.sampleFps, b.clusterThreshold, b.castMinShots);
        this.parallelism = b.parallelism;
        this.timings = new JobTimings(b.heartbeatInterval, b.stallAfter, b.noProgressAfter);
        this.clock = b.clock;
        this.ticker = b.ticker;
        this.timer = new ScheduledHeartbeatTimer();
        StallDetector detectorOfStalls = StallDetector.create(clock, ticker, b.probe, b.stallAfter, b.noProgressAfter);
        this.storage = b.storage != null ? b.storage : JobStorage.onFiles(b.dataRoot, b.probe, clock);
        this.coordinator = new JobCoordinator(storage.jobs(), storage.runtime(), storage.locks(), detectorOfStalls, b.probe,
                clock, ticker, timings, timer, new Random());
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
                layout.root().getFileSystem().getPath(env.params().getOrDefault("video", "")));
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
     * What the pipeline found in the episode, read from its stage outputs; empty until its cluster stage has run.
     *
     * @throws InvalidInputException when the id cannot be an episode's
     * @throws JobStoreException naming the file when a result file is damaged or from another episode
     */
    public Optional<EpisodeResults> results(String episodeId) {
        return ResultsReader.read(layout, stageList, EpisodeKey.of(episodeId));
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
        PipelineRunner runner = new PipelineRunner(layout, stageList, detector, embedder, jobSettings, parallelism, clock,
                handle::progress);
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

    /** Configures a {@link FacePipeline}. Not thread-safe. */
    public static final class Builder {
        private Path dataRoot;
        private Providers providers;
        private String detectorName = "opencv-haar";
        private ProviderConfig detectorConfig = ProviderConfig.empty();
        private Detector detector;
        private String embedderName = "opencv-lbp";
        private ProviderConfig embedderConfig = ProviderConfig.empty();
        private Embedder embedder;
        private double sampleFps = PipelineSettings.DEFAULTS.sampleFps();
        private double clusterThreshold = PipelineSettings.DEFAULTS.clusterThreshold();
        private int castMinShots = PipelineSettings.DEFAULTS.castMinShots();
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private Duration heartbeatInterval = JobTimings.DEFAULTS.heartbeatInterval();
        private Duration stallAfter = JobTimings.DEFAULTS.stallAfter();
        private Duration noProgressAfter = JobTimings.DEFAULTS.noProgressAfter();
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.system();
        private ProcessProbe probe = ProcessProbe.local();
        private JobStorage storage;
        private StageList stageList = PipelineStages.DEFAULT;

        private Builder() {
        }

        /** Another stage list than FaceReel's own: for tests of the stage contract. */
        Builder stages(StageList stages) {
            this.stageList = Objects.requireNonNull(stages, "stages");
            return this;
        }

        public Builder dataRoot(Path root) {
            this.dataRoot = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Where job envelopes, runtime records and leases live (default: files under the data root). With a shared
         * storage such as {@code PostgresJobStorage}, pipelines on several hosts coordinate through it; their data
         * root must then be one shared folder (for example a network mount) reachable by every host. The pipeline
         * closes the storage.
         */
        public Builder jobStorage(JobStorage s) {
            this.storage = Objects.requireNonNull(s, "storage");
            return this;
        }

        /** Where providers are looked up by name; defaults to the class path. */
        public Builder providers(Providers p) {
            this.providers = Objects.requireNonNull(p, "providers");
            return this;
        }

        public Builder detector(String name, ProviderConfig config) {
            this.detectorName = Objects.requireNonNull(name, "name");
            this.detectorConfig = Objects.requireNonNull(config, "config");
            this.detector = null;
            return this;
        }

        /** A detector instance; the pipeline closes it. */
        public Builder detector(Detector d) {
            this.detector = Objects.requireNonNull(d, "detector");
            return this;
        }

        public Builder embedder(String name, ProviderConfig config) {
            this.embedderName = Objects.requireNonNull(name, "name");
            this.embedderConfig = Objects.requireNonNull(config, "config");
            this.embedder = null;
            return this;
        }

        /** An embedder instance; the pipeline closes it. */
        public Builder embedder(Embedder e) {
            this.embedder = Objects.requireNonNull(e, "embedder");
            return this;
        }

        /** Frames per second to analyse (default 5); at or above the video's rate means every frame. */
        public Builder sampleFps(double fps) {
            this.sampleFps = PipelineSettings.requireSampleFps(fps);
            return this;
        }

        /** Cosine similarity at or above which clusters of tracks merge (default 0.45). */
        public Builder clusterThreshold(double threshold) {
            this.clusterThreshold = PipelineSettings.requireClusterThreshold(threshold);
            return this;
        }

        /**
         * Shots an identity must appear in to count as a cast member (default 2); identities seen in fewer shots
         * are reported apart, as incidental.
         */
        public Builder castMinShots(int shots) {
            this.castMinShots = PipelineSettings.requireCastMinShots(shots);
            return this;
        }

        /**
         * Frames analysed at once during detection (default: the number of processors). It applies when the
         * detector and the embedder are thread-safe; otherwise one frame is analysed at a time, and jobs of
         * different episodes running at once take turns calling them. Decoding always overlaps with analysis.
         * Results do not depend on it.
         */
        public Builder parallelism(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + frames);
            }
            this.parallelism = frames;
            return this;
        }

        public Builder heartbeatInterval(Duration d) {
            this.heartbeatInterval = JobTimings.requirePositive("heartbeatInterval", d);
            return this;
        }

        public Builder stallAfter(Duration d) {
            this.stallAfter = JobTimings.requirePositive("stallAfter", d);
            return this;
        }

        public Builder noProgressAfter(Duration d) {
            this.noProgressAfter = JobTimings.requirePositive("noProgressAfter", d);
            return this;
        }

        /** The wall clock persisted in job files (default UTC system clock). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** The monotonic time source for intervals and stalls. */
        public Builder ticker(Ticker t) {
            this.ticker = Objects.requireNonNull(t, "ticker");
            return this;
        }

        /**
         * Builds the pipeline and opens its providers.
         *
         * @throws IllegalStateException when no data root was set
         * @throws InvalidInputException when a model file is missing or unusable
         * @throws dev.facereel.spi.NoSuchProviderException when a provider name is unknown
         */
        public FacePipeline build() {
            if (dataRoot == null) {
                throw new IllegalStateException("dataRoot is required");
            }
            new JobTimings(heartbeatInterval, stallAfter, noProgressAfter);
            Providers lookup = providers != null ? providers : Providers.fromClassPath();
            Detector d = detector != null ? detector : lookup.detector(detectorName, detectorConfig);
            Embedder e;
            try {
                e = embedder != null ? embedder : lookup.embedder(embedderName, embedderConfig);
            } catch (RuntimeException ex) {
                d.close();
                throw ex;
            }
            return new FacePipeline(this, d, e);
        }
    }
}
