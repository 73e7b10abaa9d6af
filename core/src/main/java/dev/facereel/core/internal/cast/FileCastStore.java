package dev.facereel.core.internal.cast;

import dev.facereel.core.JobStoreException;
import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.CastStore;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.jobs.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Casts as {@code shows/<show>/cast.json} under a data root. A replace holds the show's {@code .lock} (an OS
 * file lock, so writers in other processes wait; inside this JVM a lock per file as well, since the OS lock is per
 * process) while it compares the stored version and writes the next one atomically. Readers take no lock: they see
 * the old file or the new one. A writer killed inside its write leaves a temporary file, which the next writer
 * deletes. Thread-safe.
 */
public final class FileCastStore implements CastStore {
    /** JVM-wide on purpose: two stores over one root in one JVM must exclude each other as two processes do. */
    private static final ConcurrentHashMap<Path, ReentrantLock> WRITERS = new ConcurrentHashMap<>();
    static final String FILE = "cast.json";
    private static final String LOCK = ".lock";

    private final DataLayout layout;

    public FileCastStore(Path root) {
        this.layout = new DataLayout(root);
    }

    @Override
    public Cast read(String show) {
        Path file = file(show);
        return AtomicFiles.read(file).map(bytes -> CastCodec.decode(bytes, file)).orElseGet(() -> Cast.empty(show));
    }

    @Override
    public Optional<Cast> replace(Cast next) {
        String show = ShowNames.requireShow(next.show());
        Path dir = layout.showDir(show);
        ReentrantLock inProcess = WRITERS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
        inProcess.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (read(show).version() != next.version()) {
                    return Optional.empty();
                }
                Cast stored = new Cast(show, next.version() + 1, next.people(), next.edits());
                sweepTemporary(dir);
                AtomicFiles.write(file(show), CastCodec.encode(stored));
                return Optional.of(stored);
            }
        } catch (IOException e) {
            throw new JobStoreException("could not write the cast of show '" + show + "' in " + dir + ": " + e, e);
        } finally {
            inProcess.unlock();
        }
    }

    @Override
    public List<String> shows() {
        List<String> shows = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layout.showsDir(), Files::isDirectory)) {
            for (Path d : dirs) {
                if (Files.isRegularFile(d.resolve(FILE))) {
                    shows.add(d.getFileName().toString());
                }
            }
        } catch (NoSuchFileException e) {
            return shows;
        } catch (IOException e) {
            throw new JobStoreException("could not list " + layout.showsDir() + ": " + e, e);
        }
        shows.sort(null);
        return shows;
    }

    /**
     * Deletes the temporary cast files a writer killed inside its atomic write left behind. Only a writer holding the
     * lock makes them, and this one holds it, so every one found is dead.
     */
    private static void sweepTemporary(Path dir) throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "." + FILE + ".*" + AtomicFiles.TEMP_SUFFIX)) {
            for (Path t : temps) {
                Files.deleteIfExists(t);
            }
        }
    }

    private Path file(String show) {
        return layout.showDir(ShowNames.requireShow(show)).resolve(FILE);
    }
}
