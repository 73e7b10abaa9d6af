package dev.facereel.core.internal;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.Stage;
import java.nio.file.Path;
import java.util.Objects;

/** Where everything lives under a data root. The one place that knows the folder layout. */
public record DataLayout(Path root) {
    public DataLayout {
        Objects.requireNonNull(root, "root");
    }

    public Path jobsDir() {
        return root.resolve("jobs");
    }

    public Path jobDir(JobId id) {
        return jobsDir().resolve(id.value());
    }

    public Path jobMeta(JobId id) {
        return jobDir(id).resolve("meta.json");
    }

    public Path cancelMarker(JobId id) {
        return jobDir(id).resolve("cancel_requested");
    }

    public Path episodesDir() {
        return root.resolve("episodes");
    }

    public Path episodeDir(EpisodeKey key) {
        return episodesDir().resolve(key.value());
    }

    public Path runtimeFile(EpisodeKey key) {
        return episodeDir(key).resolve("runtime.json");
    }

    public Path lockFile(EpisodeKey key) {
        return episodeDir(key).resolve(".lock");
    }

    public Path leaseFile(EpisodeKey key) {
        return episodeDir(key).resolve("lease.json");
    }

    public Path episodeFile(EpisodeKey key) {
        return episodeDir(key).resolve("episode.json");
    }

    public Path stageDir(EpisodeKey key, Stage stage) {
        return episodeDir(key).resolve(stage.id());
    }

    public Path diagnosticsDir(EpisodeKey key) {
        return episodeDir(key).resolve("diagnostics");
    }

    /** Disk space the running job of the episode holds back for its last writes. */
    public Path spaceReserve(EpisodeKey key) {
        return diagnosticsDir(key).resolve("space.reserve");
    }

    public Path pipelineState(EpisodeKey key) {
        return diagnosticsDir(key).resolve("pipeline_state.json");
    }

    /** {@code shows/}: each show's cast and reference photos. */
    public Path showsDir() {
        return root.resolve("shows");
    }

    /** {@code shows/<show>/}, for a show name already checked by {@code ShowNames}. */
    public Path showDir(String show) {
        return showsDir().resolve(show);
    }

    /** {@code shows/<show>/photos/}: the reference photos a cast was given, under generated names. */
    public Path photosDir(String show) {
        return showDir(show).resolve("photos");
    }
}
