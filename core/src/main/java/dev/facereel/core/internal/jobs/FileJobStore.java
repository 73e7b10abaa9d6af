package dev.facereel.core.internal.jobs;

import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link JobStore} on files: {@code jobs/<id>/meta.json}, replaced atomically, and a {@code cancel_requested}
 * marker file that a canceller creates without touching the envelope, so a concurrent heartbeat cannot lose it.
 */
public final class FileJobStore implements JobStore {
    private static final Pattern STAMP = Pattern.compile("_([0-9]{8}T[0-9]{6}Z)_[0-9a-f]+$");
    private final DataLayout layout;

    public FileJobStore(Path root) {
        this.layout = new DataLayout(root);
    }

    @Override
    public synchronized void create(JobEnvelope envelope) {
        Path meta = layout.jobMeta(envelope.id());
        if (Files.exists(meta)) {
            throw new JobStoreException("job " + envelope.id() + " already exists at " + meta);
        }
        AtomicFiles.write(meta, StateJson.envelope(envelope));
    }

    @Override
    public Optional<JobEnvelope> find(JobId id) {
        Path meta = layout.jobMeta(id);
        return AtomicFiles.read(meta).map(bytes -> {
            JobEnvelope env = StateJson.envelope(bytes, meta);
            if (!env.id().equals(id)) {
                throw StateJson.corrupt(meta, "the envelope of job " + id, "it names job " + env.id());
            }
            return !env.cancelRequested() && Files.exists(layout.cancelMarker(id)) ? env.withCancelRequested() : env;
        });
    }

    @Override
    public synchronized JobEnvelope update(JobId id, long expectedEpoch, UnaryOperator<JobEnvelope> change) {
        JobEnvelope current = find(id).orElseThrow(() -> new JobStoreException("no job " + id + " in " + layout.jobsDir()));
        if (current.leaseEpoch() != expectedEpoch) {
            throw new LeaseLostException("job " + id + " was taken over: its lease epoch is " + current.leaseEpoch()
                    + ", this worker holds epoch " + expectedEpoch);
        }
        JobEnvelope next = change.apply(current);
        if (!next.id().equals(id)) {
            throw new IllegalArgumentException("an update may not change the job id");
        }
        AtomicFiles.write(layout.jobMeta(id), StateJson.envelope(next));
        return next;
    }

    @Override
    public void requestCancel(JobId id) {
        if (!Files.exists(layout.jobMeta(id))) {
            throw new InvalidInputException("no job " + id + " in " + layout.jobsDir());
        }
        AtomicFiles.write(layout.cancelMarker(id), new byte[0]);
    }

    @Override
    public List<JobId> jobIds() {
        List<JobId> ids = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(layout.jobsDir())) {
            dirs.forEach(dir -> {
                try {
                    ids.add(JobId.of(dir.getFileName().toString()));
                } catch (InvalidInputException notAJob) {
                    // a foreign folder under jobs/ is none of ours
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new JobStoreException("could not list " + layout.jobsDir() + ": " + e, e);
        }
        ids.sort(Comparator.comparing(FileJobStore::stamp).thenComparing(JobId::value));
        return ids;
    }

    private static String stamp(JobId id) {
        Matcher m = STAMP.matcher(id.value());
        return m.find() ? m.group(1) : "";
    }
}
