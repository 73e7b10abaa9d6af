package dev.facereel.examples.cli;

import picocli.CommandLine.Option;

/** How a command's jobs use the machine's cores: shared by {@code analyze} and {@code worker}. */
final class TuningOptions {
    @Option(names = "--threads", description = "ONNX Runtime intra-op threads per model (default: 1).")
    Integer threads;

    @Option(names = "--parallelism", description = "Frames analysed at once when the providers are thread-safe "
            + "(default: the number of processors).")
    Integer parallelism;

    /**
     * Checks the options that were given.
     *
     * @throws FaceReelCli.UsageException when one is below 1
     */
    TuningOptions requireValid() {
        atLeastOne("--threads", threads);
        atLeastOne("--parallelism", parallelism);
        return this;
    }

    private static void atLeastOne(String option, Integer value) {
        if (value != null && value < 1) {
            throw new FaceReelCli.UsageException(option + " must be at least 1, got " + value, null);
        }
    }
}
