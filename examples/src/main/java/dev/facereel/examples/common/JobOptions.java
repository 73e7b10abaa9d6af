package dev.facereel.examples.common;

import dev.facereel.core.FacePipeline;
import dev.facereel.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import picocli.CommandLine.Option;

/** The providers and timings of the jobs a command starts: shared by {@code analyze} and {@code serve}. */
public final class JobOptions {
    private static final Set<String> ONNX_PROVIDERS = Set.of("scrfd", "ultraface", "arcface");

    @Option(names = "--detector", defaultValue = "opencv-haar", description = "Detector provider (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--detector-model", description = "Model file for the detector, e.g. scrfd_2.5g_bnkps.onnx.")
    Path detectorModel;

    @Option(names = "--embedder", defaultValue = "opencv-lbp", description = "Embedder provider (default: ${DEFAULT-VALUE}).")
    String embedder;

    @Option(names = "--embedder-model", description = "Model file for the embedder, e.g. mobilefacenet.onnx.")
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

    public String detector() {
        return detector;
    }

    /** The detector's model file, or null when the provider needs none. */
    public Path detectorModel() {
        return detectorModel;
    }

    public String embedder() {
        return embedder;
    }

    /** The embedder's model file, or null when the provider needs none. */
    public Path embedderModel() {
        return embedderModel;
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
     * A pipeline builder on the data root with these providers and timings, tuned as {@code tuning} says (cores,
     * face filter, cast rule; its unset options keep the defaults). The builder checks the values; what it refuses is a usage error.
     *
     * @throws UsageException when a tuning option is out of range or the builder refuses a value
     */
    public FacePipeline.Builder pipeline(Path data, TuningOptions tuning) {
        tuning.requireValid();
        try {
            FacePipeline.Builder b = FacePipeline.builder().dataRoot(data.toAbsolutePath())
                    .detector(detector, providerConfig(detector, detectorModel, tuning.threads()))
                    .embedder(embedder, providerConfig(embedder, embedderModel, tuning.threads()))
                    .sampleFps(sampleFps).heartbeatInterval(heartbeat).stallAfter(stallAfter)
                    .noProgressAfter(stallAfter.multipliedBy(4));
            tuning.applyTo(b);
            return tuning.parallelism() == null ? b : b.parallelism(tuning.parallelism());
        } catch (IllegalArgumentException refused) {
            throw new UsageException(refused.getMessage(), refused);
        }
    }

    /** The configuration of a provider: its model file (may be null) and, for the ONNX providers, {@code threads}. */
    public static ProviderConfig providerConfig(String provider, Path model, Integer threads) {
        ProviderConfig config = model == null ? ProviderConfig.empty() : ProviderConfig.ofModel(model.toAbsolutePath());
        return threads != null && ONNX_PROVIDERS.contains(provider) ? config.with("threads", threads.toString()) : config;
    }
}
