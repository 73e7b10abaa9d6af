package dev.facereel.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An episode to process: the id users know it by, and its video file.
 *
 * @throws dev.facereel.spi.InvalidInputException from the constructor when the id cannot be made a safe key
 */
public record Episode(String id, Path video) {
    public Episode {
        Objects.requireNonNull(video, "video");
        EpisodeKey.of(id);
    }

    /** The normalised key that names the episode's folder. */
    public EpisodeKey key() {
        return EpisodeKey.of(id);
    }
}
