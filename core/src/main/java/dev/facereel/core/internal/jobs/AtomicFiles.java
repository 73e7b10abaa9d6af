package dev.facereel.core.internal.jobs;

import dev.facereel.core.JobStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Crash-safe file writes: a temporary file in the same folder, forced to disk, then an atomic rename. */
public final class AtomicFiles {
    /** Temporary files end with this; a crash can leave one behind, and {@link #isTemporary} spots them. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code data}; a crash leaves the old content or the new, never a mix. */
    public static void write(Path target, byte[] data) {
        write(target, data, () -> { });
    }

    /**
     * As {@link #write(Path, byte[])}, running {@code fence} once the new content is durable and just before it
     * replaces the old: a worker checks there that it still holds its lease, so that one paused since its last
     * check does not overwrite its successor's file. When the fence throws, nothing is replaced. A missing folder is
     * created only after the fence has passed once, so a worker that lost its lease does not bring back a folder its
     * successor removed.
     */
    public static void write(Path target, byte[] data, Runnable fence) {
        Path temp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
        try {
            if (!Files.isDirectory(target.getParent())) {
                fence.run();
                Files.createDirectories(target.getParent());
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
            }
            fence.run();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new JobStoreException("could not write " + target + ": " + e, e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** The file's bytes, or empty when it does not exist. */
    public static Optional<byte[]> read(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new JobStoreException("could not read " + file + ": " + e, e);
        }
    }

    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /** Deletes a file if it exists. */
    public static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new JobStoreException("could not delete " + file + ": " + e, e);
        }
    }

    /** Deletes a folder and everything in it, if it exists. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new JobStoreException("could not delete " + dir + ": " + e, e);
        }
    }

    /**
     * Deletes the temporary files a crash left under {@code dir} (any depth). Call it only while holding the lease
     * of everything below, so that no live writer's temporary file is taken away.
     */
    public static void sweepTemporary(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(AtomicFiles::isTemporary).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException e) {
            throw new JobStoreException("could not sweep " + dir + ": " + e, e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a leftover temporary file is swept later
        }
    }
}
