package dev.facereel.core.internal.pipeline;

import dev.facereel.core.JobStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Disk space a job holds back for its last writes: the final progress snapshot, the envelope and the runtime record.
 * A job that fills the disk frees it first, so it can still record how it ended instead of being left running.
 */
final class SpaceReserve {
    static final int BYTES = 64 << 10;

    private SpaceReserve() {
    }

    /** Writes the reserve file; fails, keeping nothing, when the disk cannot hold it. */
    static void take(Path file) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer zeros = ByteBuffer.allocate(BYTES);
                while (zeros.hasRemaining()) {
                    ch.write(zeros);
                }
            }
        } catch (IOException e) {
            release(file);
            throw new JobStoreException("could not set aside " + (BYTES >> 10) + " KiB in " + file
                    + " for the job's last writes: " + e, e);
        }
    }

    /** Gives the space back. */
    static void release(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new JobStoreException("could not delete " + file + ": " + e, e);
        }
    }
}
