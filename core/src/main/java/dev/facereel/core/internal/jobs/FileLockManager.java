package dev.facereel.core.internal.jobs;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.jobs.Lease;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.jobs.LockOwner;
import dev.facereel.core.jobs.ProcessProbe;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LockManager} on files. Per episode:
 * <ul>
 *   <li>{@code .lock}: never deleted, only OS-locked. The owner holds the lock for the job's life, so on a local
 *       file system a successful {@code tryLock} proves the recorded owner died.</li>
 *   <li>{@code lease.json}: the owner (job, pid, host, process start, epoch), replaced atomically.</li>
 *   <li>{@code .lease-epoch-<n>}: created with {@code CREATE_NEW} by whoever takes a lease over to epoch n, so
 *       two processes can never both take over the same dead owner.</li>
 * </ul>
 * A POSIX process loses every lock it holds on a file when it closes any descriptor of that file, so this
 * JVM never opens a {@code .lock} it already holds: {@link #HELD} records them. It is JVM-wide on purpose,
 * because the OS lock it mirrors is per process.
 */
final class FileLockManager implements LockManager {
    private static final Logger LOG = LoggerFactory.getLogger(FileLockManager.class);
    private static final String TOKEN_PREFIX = ".lease-epoch-";
    private static final ConcurrentHashMap<Path, Held> HELD = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();
    /**
     * A claimant that holds the OS lock writes its lease right away, but a cold JVM on a busy machine can take
     * half a second or more to get there: wait up to about 5 s for it before refusing without a name.
     */
    private static final int CLAIM_ATTEMPTS = 1000;
    private static final long CLAIM_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final DataLayout layout;
    private final ProcessProbe probe;
    private final Clock clock;
    private final boolean osLocksTrusted;

    /** What this JVM holds for one {@code .lock}: the OS lock (absent after a takeover from a paused owner). */
    private record Held(FileChannel channel, FileLock lock, LockOwner owner) {
        void closeQuietly() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debug("closing lock channel failed", e);
                }
            }
        }
    }

    FileLockManager(Path root, ProcessProbe probe, Clock clock) {
        this.layout = new DataLayout(root);
        this.probe = probe;
        this.clock = clock;
        this.osLocksTrusted = root.getFileSystem() == FileSystems.getDefault();
    }

    @Override
    public Lease acquire(EpisodeKey episode, JobId job, Predicate<LockOwner> isDead) {
        return acquire(episode, job, isDead, 0);
    }

    /** Epochs restart at 1 once an episode is let go, so a claim for a job that has an epoch numbers above it. */
    @Override
    public Lease acquire(EpisodeKey episode, JobId job, Predicate<LockOwner> isDead, long above) {
        for (int attempt = 1; ; attempt++) {
            Lease lease = tryAcquire(episode, job, isDead, above, attempt == CLAIM_ATTEMPTS);
            if (lease != null) {
                return lease;
            }
            LockSupport.parkNanos(CLAIM_RETRY_NANOS);
        }
    }

    /**
     * One claim attempt. Returns null when another process holds the OS lock but has not written its lease
     * yet (it is between {@code tryLock} and the lease write), unless this is the last attempt, which then
     * refuses without naming the owner.
     */
    private Lease tryAcquire(EpisodeKey episode, JobId job, Predicate<LockOwner> isDead, long above, boolean last) {
        Path lockFile = layout.lockFile(episode);
        Path key = key(lockFile);
        synchronized (MONITORS.computeIfAbsent(key, k -> new Object())) {
            createDirectories(lockFile.getParent());
            Held inJvm = HELD.get(key);
            if (inJvm != null) {
                return acquireHeldInJvm(episode, job, isDead, above, key, inJvm);
            }
            FileChannel channel = open(lockFile);
            FileLock osLock = tryLock(channel, lockFile);
            Optional<StateJson.StoredLease> current;
            try {
                current = readLease(episode);
            } catch (JobStoreException corrupt) {
                if (osLock == null || !osLocksTrusted) {
                    closeQuietly(channel);
                    throw withDeleteHint(episode, corrupt);
                }
                LOG.warn("Recovering episode '{}' from an unreadable lease; nobody holds its OS lock: {}", episode,
                        corrupt.getMessage());
                current = Optional.empty();
            }
            if (osLock != null) {
                if (current.isPresent() && !(osLocksTrusted && current.get().osLocked()) && !isDead.test(current.get().owner())) {
                    closeQuietly(channel);
                    throw running(episode, current.get().owner());
                }
                LockOwner previous = current.map(StateJson.StoredLease::owner).orElse(null);
                LockOwner owner = newOwner(job, Math.max(above + 1, nextEpoch(episode, previous)));
                if (previous != null) {
                    claimEpoch(episode, owner.epoch(), previous, channel);
                }
                writeLease(episode, owner, true);
                HELD.put(key, new Held(channel, osLock, owner));
                return new Lease(episode, owner, previous);
            }
            closeQuietly(channel);
            if (current.isEmpty()) {
                if (!last) {
                    return null;
                }
                throw new JobAlreadyRunningException(episode.value(), "(being claimed)",
                        "another process holds " + lockFile + " without a lease yet");
            }
            LockOwner previous = current.get().owner();
            if (!isDead.test(previous)) {
                throw running(episode, previous);
            }
            // The owner holds the OS lock but is dead by its heartbeat (paused, or on another host): take over
            // without the OS lock. The epoch token makes this exclusive.
            LockOwner owner = newOwner(job, Math.max(above, previous.epoch()) + 1);
            claimEpoch(episode, owner.epoch(), previous, null);
            writeLease(episode, owner, false);
            HELD.put(key, new Held(null, null, owner));
            LOG.info("Took over episode '{}' from {} (job {}), whose heartbeat stopped", episode, previous.describe(),
                    previous.jobId());
            return new Lease(episode, owner, previous);
        }
    }

    /** This JVM holds the OS lock: the owner is a job of this process, alive unless {@code isDead} says not. */
    private Lease acquireHeldInJvm(EpisodeKey episode, JobId job, Predicate<LockOwner> isDead, long above, Path key,
                                   Held held) {
        LockOwner current;
        try {
            current = readLease(episode).map(StateJson.StoredLease::owner).orElse(held.owner());
        } catch (JobStoreException corrupt) {
            throw withDeleteHint(episode, corrupt);
        }
        if (!isDead.test(current)) {
            throw running(episode, current);
        }
        LockOwner owner = newOwner(job, Math.max(above, current.epoch()) + 1);
        claimEpoch(episode, owner.epoch(), current, null);
        writeLease(episode, owner, held.lock() != null);
        HELD.put(key, new Held(held.channel(), held.lock(), owner));
        return new Lease(episode, owner, current);
    }

    @Override
    public Optional<LockOwner> owner(EpisodeKey episode) {
        return readLease(episode).map(StateJson.StoredLease::owner);
    }

    @Override
    public boolean holds(Lease lease) {
        return owner(lease.episode()).filter(o -> o.jobId().equals(lease.owner().jobId()) && o.epoch() == lease.epoch())
                .isPresent();
    }

    @Override
    public void release(Lease lease) {
        Path lockFile = layout.lockFile(lease.episode());
        Path key = key(lockFile);
        synchronized (MONITORS.computeIfAbsent(key, k -> new Object())) {
            boolean current;
            try {
                current = holds(lease);
            } catch (JobStoreException corrupt) {
                current = false;
            }
            if (current) {
                try {
                    Files.deleteIfExists(layout.leaseFile(lease.episode()));
                } catch (IOException e) {
                    throw new JobStoreException("could not release the lease of episode '" + lease.episode() + "': " + e, e);
                }
                deleteTokens(lease.episode());
            }
            Held held = HELD.get(key);
            if (held != null && held.owner().jobId().equals(lease.owner().jobId()) && held.owner().epoch() == lease.epoch()) {
                HELD.remove(key);
                held.closeQuietly();
            }
        }
    }

    private LockOwner newOwner(JobId job, long epoch) {
        return new LockOwner(job, probe.pid(), probe.host(), probe.startTime().orElse(null), epoch, clock.instant());
    }

    private long nextEpoch(EpisodeKey episode, LockOwner previous) {
        if (previous != null) {
            return previous.epoch() + 1;
        }
        try (Stream<Path> files = Files.list(layout.episodeDir(episode))) {
            return 1 + files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(TOKEN_PREFIX))
                    .mapToLong(n -> parseLong(n.substring(TOKEN_PREFIX.length()))).max().orElse(0);
        } catch (IOException e) {
            throw new JobStoreException("could not list " + layout.episodeDir(episode) + ": " + e, e);
        }
    }

    /** Creates the token for {@code epoch}; only one claimant can. Re-checks that {@code previous} still owns. */
    private void claimEpoch(EpisodeKey episode, long epoch, LockOwner previous, FileChannel toCloseOnFailure) {
        Path token = layout.episodeDir(episode).resolve(TOKEN_PREFIX + epoch);
        try {
            Files.createFile(token);
        } catch (FileAlreadyExistsException e) {
            closeQuietly(toCloseOnFailure);
            LockOwner winner = owner(episode).orElse(previous);
            throw running(episode, winner);
        } catch (IOException e) {
            closeQuietly(toCloseOnFailure);
            throw new JobStoreException("could not create " + token + ": " + e, e);
        }
        Optional<LockOwner> now = owner(episode);
        if (now.isPresent() && !(now.get().jobId().equals(previous.jobId()) && now.get().epoch() == previous.epoch())) {
            closeQuietly(toCloseOnFailure);
            throw running(episode, now.get());
        }
    }

    private void deleteTokens(EpisodeKey episode) {
        try (Stream<Path> files = Files.list(layout.episodeDir(episode))) {
            files.filter(p -> p.getFileName().toString().startsWith(TOKEN_PREFIX)).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException e) {
            LOG.debug("could not sweep lease tokens of {}", episode, e);
        }
    }

    private Optional<StateJson.StoredLease> readLease(EpisodeKey episode) {
        Path file = layout.leaseFile(episode);
        return AtomicFiles.read(file).map(bytes -> StateJson.lease(bytes, file));
    }

    private void writeLease(EpisodeKey episode, LockOwner owner, boolean osLocked) {
        AtomicFiles.write(layout.leaseFile(episode), StateJson.lease(owner, osLocked));
    }

    private JobStoreException withDeleteHint(EpisodeKey episode, JobStoreException corrupt) {
        return new JobStoreException(corrupt.getMessage() + ". If no FaceReel process works on episode '" + episode
                + "', delete " + layout.leaseFile(episode) + " and try again.", corrupt);
    }

    private static JobAlreadyRunningException running(EpisodeKey episode, LockOwner owner) {
        return new JobAlreadyRunningException(episode.value(), owner.jobId().value(), owner.describe());
    }

    private static FileChannel open(Path lockFile) {
        try {
            return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new JobStoreException("could not open " + lockFile + ": " + e, e);
        }
    }

    private static FileLock tryLock(FileChannel channel, Path lockFile) {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new JobStoreException("could not lock " + lockFile + ": " + e, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JobStoreException("could not create " + dir + ": " + e, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            new Held(channel, null, null).closeQuietly();
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Path key(Path lockFile) {
        return lockFile.toAbsolutePath().normalize();
    }
}
