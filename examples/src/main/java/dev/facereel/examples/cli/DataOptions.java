package dev.facereel.examples.cli;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.FacePipeline;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command shares: the data root, the episode and where job state lives. */
final class DataOptions {
    @Option(names = "--data", defaultValue = "./facereel-data", description = "Data root (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--episode", required = true, description = "Episode id, e.g. RHOBH_S05_E03.")
    String episode;

    @Mixin
    StoreOptions store;

    /** The normalised key; an id that cannot be one is a usage error. */
    EpisodeKey key() {
        return EpisodeKey.of(episode);
    }

    /** A pipeline for reading and controlling jobs, with the default providers. */
    FacePipeline pipeline() {
        return store.apply(FacePipeline.builder().dataRoot(data.toAbsolutePath())).build();
    }
}
