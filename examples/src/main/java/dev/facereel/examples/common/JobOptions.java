package dev.facereel.examples.common;

import dev.facereel.core.FacePipeline;
import dev.facereel.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The providers and timings of the jobs a command starts: shared by {@code analyze}, {@code worker} and
 * {@code serve}. A provider or model flag left out comes from what the data root remembers
 * ({@link RememberedProviders}); one given overrides it and is recorded there.
 */
public final class JobOptions {
    private static final Set<String> ONNX_PROVIDERS = Set.of("scrfd", "yunet", "ultraface", "arcface");

    @Option(names = "--detector", description = "Detector provider (default: the one the data root remembers, else "
            + "opencv-haar).")
    String detector;

    @Option(names = "--detector-model", description = "Model file for the detector, e.g. yunet_n_dynamic.onnx "
            + "(default: the remembered one, when the detector is the remembered one).")
    Path detectorModel;

    @Option(names = "--embedder", description = "Embedder provider (default: the one the data root remembers, else "
            + "opencv-lbp).")
    String embedder;

    @Option(names = "--embedder-model", description = "Model file for the embedder, e.g. mobilefacenet.onnx "
            + "(default: the remembered one, when the embedder is the remembered one).")
    Path embedderModel;

    @Option(names = "--sample-fps", defaultValue = "5", description = "Frames per second to analyse; at or above the "
            + "video's rate means every frame (default: ${DEFAULT-VALUE}).")
    double sampleFps;

    @Option(names = "--heartbeat", defaultValue = "10s", converter = DurationConverter.class,
            description = "Heartbeat interval, e.g. 500ms, 10s (default: ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(names = "--stall-after", defaultValue = "30s", converter = DurationConverter.class,
            description = "A job silent for this long is dead (default: ${DEFAULT-VALUE}).")
    Duration stallAfter;

    /**
     * The providers for jobs on the data root: these flags over what it remembers. Nothing is recorded yet: the
     * caller records them ({@link #remember}) once the command has accepted them, so a refused command leaves the
     * root's memory as it was.
     *
     * @throws dev.facereel.spi.InvalidInputException when a model file is missing, naming it and where its path
     *     came from
     */
    public RememberedProviders.Choice providers(Path data) {
        return RememberedProviders.resolve(data, detector, detectorModel, embedder, embedderModel);
    }

    /** Records {@code providers} as what the data root remembers, unless it remembers exactly that already. */
    public static void remember(Path data, RememberedProviders.Choice providers) {
        RememberedProviders.record(data, providers, Clock.systemUTC());
    }

    public double sampleFps() {
        return sampleFps;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    public Duration stallAfter() {
        return stallAfter;
    }

    /**
     * A pipeline builder on the data root with these providers (over what the root remembers) and timings, tuned as
     * {@code tuning} says (cores, face filter, cast rule; its unset options keep the defaults). The builder checks
     * the values; what it refuses is a usage error. Once it has accepted them, the providers are recorded as what
     * the root remembers.
     *
     * @throws UsageException when a tuning option is out of range or the builder refuses a value
     * @throws dev.facereel.spi.InvalidInputException when a model file is missing, naming it and where its path
     *     came from
     */
    public FacePipeline.Builder pipeline(Path data, TuningOptions tuning) {
        tuning.requireValid();
        RememberedProviders.Choice providers = RememberedProviders.resolve(data, detector, detectorModel, embedder,
                embedderModel);
        FacePipeline.Builder b;
        try {
            b = withProviders(FacePipeline.builder().dataRoot(data.toAbsolutePath()), providers, tuning.threads())
                    .sampleFps(sampleFps).heartbeatInterval(heartbeat).stallAfter(stallAfter)
                    .noProgressAfter(stallAfter.multipliedBy(4));
            tuning.applyTo(b);
            b = tuning.parallelism() == null ? b : b.parallelism(tuning.parallelism());
        } catch (IllegalArgumentException refused) {
            throw new UsageException(refused.getMessage(), refused);
        }
        remember(data, providers);
        return b;
    }

    /**
     * A pipeline builder on the data root with the providers it remembers (the model-free defaults when it remembers
     * none), for continuing its jobs; nothing is recorded.
     *
     * @throws dev.facereel.spi.InvalidInputException when a remembered model file is missing, naming it and the file
     *     that remembers it
     */
    public static FacePipeline.Builder remembered(Path data) {
        return withProviders(FacePipeline.builder().dataRoot(data.toAbsolutePath()), RememberedProviders.resolve(data,
                null, null, null, null), null);
    }

    /** The builder with the chosen detector and embedder, each with {@code threads} when it is an ONNX provider. */
    public static FacePipeline.Builder withProviders(FacePipeline.Builder builder, RememberedProviders.Choice providers,
            Integer threads) {
        RememberedProviders.Provider d = providers.detector();
        RememberedProviders.Provider e = providers.embedder();
        return builder.detector(d.name(), providerConfig(d.name(), d.model(), threads))
                .embedder(e.name(), providerConfig(e.name(), e.model(), threads));
    }

    /** The configuration of a provider: its model file (may be null) and, for the ONNX providers, {@code threads}. */
    public static ProviderConfig providerConfig(String provider, Path model, Integer threads) {
        ProviderConfig config = model == null ? ProviderConfig.empty() : ProviderConfig.ofModel(model.toAbsolutePath());
        return threads != null && ONNX_PROVIDERS.contains(provider) ? config.with("threads", threads.toString()) : config;
    }
}
