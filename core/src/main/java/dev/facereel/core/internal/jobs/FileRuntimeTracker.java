package dev.facereel.core.internal.jobs;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.jobs.RuntimeTracker;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RuntimeTracker} on {@code episodes/<key>/runtime.json}. A missing file means nothing is active.
 * Reading a corrupt file fails with a {@link JobStoreException}; the lease holder's next write replaces it.
 */
final class FileRuntimeTracker implements RuntimeTracker {
    private static final Logger LOG = LoggerFactory.getLogger(FileRuntimeTracker.class);
    private final DataLayout layout;
    private final Clock clock;

    FileRuntimeTracker(Path root, Clock clock) {
        this.layout = new DataLayout(root);
        this.clock = clock;
    }

    @Override
    public Map<Stage, JobId> activeJobs(EpisodeKey episode) {
        Path file = layout.runtimeFile(episode);
        return AtomicFiles.read(file).map(bytes -> StateJson.runtime(bytes, file)).orElse(Map.of());
    }

    @Override
    public synchronized void setActive(EpisodeKey episode, Stage stage, JobId job) {
        Map<Stage, JobId> active = forWrite(episode);
        active.put(stage, job);
        AtomicFiles.write(layout.runtimeFile(episode), StateJson.runtime(active, clock.instant()));
    }

    @Override
    public synchronized void clear(EpisodeKey episode, JobId job) {
        Map<Stage, JobId> active = forWrite(episode);
        if (active.values().removeIf(job::equals) || active.isEmpty()) {
            AtomicFiles.write(layout.runtimeFile(episode), StateJson.runtime(active, clock.instant()));
        }
    }

    private Map<Stage, JobId> forWrite(EpisodeKey episode) {
        try {
            Map<Stage, JobId> active = new LinkedHashMap<>();
            active.putAll(activeJobs(episode));
            return active;
        } catch (JobStoreException corrupt) {
            LOG.warn("Replacing an unreadable runtime record: {}", corrupt.getMessage());
            return new LinkedHashMap<>();
        }
    }
}
