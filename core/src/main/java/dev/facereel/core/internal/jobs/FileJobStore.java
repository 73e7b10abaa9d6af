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
 * {@link JobStore} on files: {@code jobs/<id>/meta.json} (and {@code meta.<epoch>.json} after a takeover), replaced
 * atomically, and a {@code cancel_requested}
 * marker file that a canceller creates without touching the envelope, so a concurrent heartbeat cannot lose it.
 */
final class FileJobStore implements JobStore {
    private static final Pattern STAMP = Pattern.compile("_([0-9]{8}T[0-9]{6}Z)_[0-9a-f]+$");
    private static final Pattern META = Pattern.compile("meta(?:\\.([0-9]{1,18}))?\\.json");
    /** Listings a {@link #find} reads before it gives up on files that keep vanishing. */
    private static final int MAX_READS = 10;
    private final DataLayout layout;

    FileJobStore(Path root) {
        this.layout = new DataLayout(root);
    }

    @Override
    public synchronized void create(JobEnvelope envelope) {
        if (currentMeta(envelope.id()).isPresent()) {
            throw new JobStoreException("job " + envelope.id() + " already exists in " + layout.jobDir(envelope.id()));
        }
        AtomicFiles.write(metaFile(envelope.id(), envelope.leaseEpoch()), StateJson.envelope(envelope));
    }

    /**
     * The envelope in the highest epoch's file. A file can vanish between the listing and the read when a takeover
     * moves the envelope on to a newer epoch and deletes the older file (a reader paused in between sees this): the
     * listing is then read again.
     */
    @Override
    public Optional<JobEnvelope> find(JobId id) {
        for (int attempt = 0; attempt < MAX_READS; attempt++) {
            Optional<Meta> meta = currentMeta(id);
            if (meta.isEmpty()) {
                return Optional.empty();
            }
            Optional<JobEnvelope> env = read(id, meta.get());
            if (env.isPresent()) {
                return env;
            }
        }
        return Optional.empty();
    }

    private Optional<JobEnvelope> read(JobId id, Meta meta) {
        return AtomicFiles.read(meta.file()).map(bytes -> {
            JobEnvelope env = StateJson.envelope(bytes, meta.file());
            if (!env.id().equals(id)) {
                throw StateJson.corrupt(meta.file(), "the envelope of job " + id, "it names job " + env.id());
            }
            if (env.leaseEpoch() != meta.epoch()) {
                throw StateJson.corrupt(meta.file(), "an envelope of lease epoch " + meta.epoch(),
                        "it carries epoch " + env.leaseEpoch());
            }
            return !env.cancelRequested() && Files.exists(layout.cancelMarker(id)) ? env.withCancelRequested() : env;
        });
    }

    /**
     * Writes {@code change(current)} into the file of the new envelope's epoch. A worker whose epoch check passed
     * but whose write is delayed past a takeover (a paused process) therefore lands in its own, older file, which
     * readers ignore; it can never replace its successor's envelope. Such a late write is refused: once written, a
     * file that a newer epoch's file has overtaken is deleted again, so the folder keeps only its successor's
     * envelope.
     */
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
        if (next.leaseEpoch() < current.leaseEpoch()) {
            throw new IllegalArgumentException("an update may not lower the lease epoch (" + current.leaseEpoch() + " -> "
                    + next.leaseEpoch() + ")");
        }
        if (next.leaseEpoch() > current.leaseEpoch()) {
            // a takeover: the new lease holder owns the folder, so whatever temporary files a crashed writer left
            // in it are garbage
            AtomicFiles.sweepTemporary(layout.jobDir(id));
        }
        Path file = metaFile(id, next.leaseEpoch());
        AtomicFiles.write(file, StateJson.envelope(next));
        try {
            requireNoNewerEpoch(id, next.leaseEpoch());
        } catch (LeaseLostException late) {
            AtomicFiles.deleteQuietly(file);
            throw late;
        }
        if (next.leaseEpoch() > current.leaseEpoch() || next.status().isTerminal()) {
            deleteOlderThan(id, next.leaseEpoch());
        }
        return next;
    }

    @Override
    public void requestCancel(JobId id) {
        if (currentMeta(id).isEmpty()) {
            throw new InvalidInputException("no job " + id + " in " + layout.jobsDir());
        }
        try {
            Files.createFile(layout.cancelMarker(id));
        } catch (java.nio.file.FileAlreadyExistsException alreadyRequested) {
            // idempotent
        } catch (IOException e) {
            throw new JobStoreException("could not request cancellation of job " + id + ": " + e, e);
        }
    }

    private void requireNoNewerEpoch(JobId id, long epoch) {
        long newest = currentMeta(id).map(Meta::epoch).orElse(epoch);
        if (newest > epoch) {
            throw new LeaseLostException("job " + id + " was taken over while this worker wrote its envelope: its lease "
                    + "epoch is " + newest + ", this worker holds epoch " + epoch);
        }
    }

    /** One stored envelope file and the lease epoch its name gives. */
    private record Meta(Path file, long epoch) {
    }

    /** {@code meta.json} holds epoch 1; each takeover continues the envelope in {@code meta.<epoch>.json}. */
    private Path metaFile(JobId id, long epoch) {
        return epoch <= 1 ? layout.jobMeta(id) : layout.jobDir(id).resolve("meta." + epoch + ".json");
    }

    private List<Meta> metas(JobId id) {
        List<Meta> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(layout.jobDir(id))) {
            files.forEach(p -> {
                Matcher m = META.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.add(new Meta(p, m.group(1) == null ? 1 : Long.parseLong(m.group(1))));
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new JobStoreException("could not list " + layout.jobDir(id) + ": " + e, e);
        }
        return found;
    }

    private Optional<Meta> currentMeta(JobId id) {
        return metas(id).stream().max(Comparator.comparingLong(Meta::epoch));
    }

    private void deleteOlderThan(JobId id, long epoch) {
        metas(id).stream().filter(m -> m.epoch() < epoch).forEach(m -> AtomicFiles.deleteQuietly(m.file()));
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
