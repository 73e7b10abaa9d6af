package dev.facereel.examples.cli;

import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands about a whole show: the data root, the show and where job state and casts live. */
final class ShowDataOptions {
    @Option(names = "--data", defaultValue = "./facereel-data", description = "Data root (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--show", defaultValue = Episode.DEFAULT_SHOW,
            description = "The show: 1-64 characters of a-z, 0-9, '_' and '-' (default: ${DEFAULT-VALUE}).")
    String show;

    @Mixin
    StoreOptions store;

    /** A pipeline for reading, with the default providers. */
    FacePipeline pipeline() {
        return store.apply(FacePipeline.builder().dataRoot(data.toAbsolutePath())).build();
    }
}
