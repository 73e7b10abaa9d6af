package dev.facereel.examples.common;

import picocli.CommandLine.Option;

/** How a command's jobs use the machine's cores: shared by {@code analyze}, {@code worker} and {@code serve}. */
public final class TuningOptions {
    @Option(names = "--threads", description = "ONNX Runtime intra-op threads per model (default: 1).")
    Integer threads;

    @Option(names = "--parallelism", description = "Frames analysed at once when the providers are thread-safe "
            + "(default: the number of processors).")
    Integer parallelism;

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
     * @throws UsageException when one is below 1
     */
    public TuningOptions requireValid() {
        atLeastOne("--threads", threads);
        atLeastOne("--parallelism", parallelism);
        return this;
    }

    private static void atLeastOne(String option, Integer value) {
        if (value != null && value < 1) {
            throw new UsageException(option + " must be at least 1, got " + value, null);
        }
    }
}
