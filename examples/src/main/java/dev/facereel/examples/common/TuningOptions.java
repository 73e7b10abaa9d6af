package dev.facereel.examples.common;

import dev.facereel.core.FacePipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a command's jobs use the machine's cores, which faces start a track and who counts as cast: shared by
 * {@code analyze}, {@code worker} and {@code serve} (which takes only the core options).
 */
public final class TuningOptions {
    @Option(names = "--threads", description = "ONNX Runtime intra-op threads per model (default: 1).")
    Integer threads;

    @Option(names = "--parallelism", description = "Frames analysed at once when the providers are thread-safe "
            + "(default: the number of processors).")
    Integer parallelism;

    @Option(names = "--min-face-size", description = "Shorter side in pixels below which a face starts no track "
            + "(default: 40 for opencv-haar, 32 for other detectors).")
    Integer minFaceSize;

    @Option(names = "--min-face-quality", description = "Face quality in [0, 1] below which a face starts no track "
            + "(default: 0.3).")
    Double minFaceQuality;

    @Option(names = "--cast-min-faces", description = "Good faces a cast member needs (default: 3).")
    Integer castMinFaces;

    @Option(names = "--cast-min-screen-time", converter = DurationConverter.class,
            description = "Screen time that makes a cast member, e.g. 4s (default: 4s), unless --cast-min-screen-share "
                    + "of the episode is less.")
    Duration castMinScreenTime;

    @Option(names = "--cast-min-screen-share", description = "Share of the episode in [0, 1] that makes a cast member "
            + "when it is less than --cast-min-screen-time (default: 0.1).")
    Double castMinScreenShare;

    @Option(names = "--cast-min-quality", description = "Quality in [0, 1] a cast member's best face must reach "
            + "(default: 0.5).")
    Double castMinQuality;

    /** ONNX Runtime intra-op threads per model, or null for the providers' default. */
    public Integer threads() {
        return threads;
    }

    /** Frames analysed at once, or null for the pipeline's default. */
    public Integer parallelism() {
        return parallelism;
    }

    /**
     * Checks the options that were given.
     *
     * @throws UsageException when one is out of range, naming the option and its value
     */
    public TuningOptions requireValid() {
        atLeastOne("--threads", threads);
        atLeastOne("--parallelism", parallelism);
        if (minFaceSize != null && minFaceSize < 0) {
            throw new UsageException("--min-face-size must not be negative, got " + minFaceSize, null);
        }
        atLeastOne("--cast-min-faces", castMinFaces);
        unit("--min-face-quality", minFaceQuality);
        unit("--cast-min-screen-share", castMinScreenShare);
        unit("--cast-min-quality", castMinQuality);
        return this;
    }

    /** The face and cast options that were given, by name: {@code serve} refuses them. */
    public List<String> faceAndCastOptions() {
        List<String> given = new ArrayList<>();
        if (minFaceSize != null) {
            given.add("--min-face-size");
        }
        if (minFaceQuality != null) {
            given.add("--min-face-quality");
        }
        if (castMinFaces != null) {
            given.add("--cast-min-faces");
        }
        if (castMinScreenTime != null) {
            given.add("--cast-min-screen-time");
        }
        if (castMinScreenShare != null) {
            given.add("--cast-min-screen-share");
        }
        if (castMinQuality != null) {
            given.add("--cast-min-quality");
        }
        return given;
    }

    /** The builder with the face and cast options that were given; the others keep the pipeline's defaults. */
    public FacePipeline.Builder applyTo(FacePipeline.Builder b) {
        if (minFaceSize != null) {
            b.minFaceSize(minFaceSize);
        }
        if (minFaceQuality != null) {
            b.minFaceQuality(minFaceQuality);
        }
        if (castMinFaces != null) {
            b.castMinFaces(castMinFaces);
        }
        if (castMinScreenTime != null) {
            b.castMinScreenTime(castMinScreenTime);
        }
        if (castMinScreenShare != null) {
            b.castMinScreenShare(castMinScreenShare);
        }
        if (castMinQuality != null) {
            b.castMinQuality(castMinQuality);
        }
        return b;
    }

    private static void atLeastOne(String option, Integer value) {
        if (value != null && value < 1) {
            throw new UsageException(option + " must be at least 1, got " + value, null);
        }
    }

    private static void unit(String option, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw new UsageException(option + " must be in [0, 1], got " + value, null);
        }
    }
}
