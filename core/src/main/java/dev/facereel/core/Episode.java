package dev.facereel.core;

import dev.facereel.core.internal.cast.ShowNames;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An episode to process: the id users know it by, its video file, and the show it belongs to, whose cast names the
 * people in it.
 *
 * @throws dev.facereel.spi.InvalidInputException from the constructor when the id cannot be made a safe key or the
 *     show name is not 1-64 characters of a-z, 0-9, '_' and '-'
 */
public record Episode(String id, Path video, String show) {
    /** The show of an episode for which none is given: {@value}. */
    public static final String DEFAULT_SHOW = ShowNames.DEFAULT_SHOW;

    public Episode {
        Objects.requireNonNull(video, "video");
        EpisodeKey.of(id);
        ShowNames.requireShow(show);
    }

    /** An episode of the {@link #DEFAULT_SHOW}. */
    public Episode(String id, Path video) {
        this(id, video, DEFAULT_SHOW);
    }

    /** The same episode in {@code otherShow}. */
    public Episode inShow(String otherShow) {
        return new Episode(id, video, otherShow);
    }

    /** The normalised key that names the episode's folder. */
    public EpisodeKey key() {
        return EpisodeKey.of(id);
    }
}
