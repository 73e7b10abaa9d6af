package dev.facereel.core.internal.stage.detect;

import dev.facereel.core.JobStoreException;
import dev.facereel.core.internal.jobs.AtomicFiles;
import dev.facereel.core.internal.stage.StageContext;
import dev.facereel.core.internal.stage.StageSettings;
import dev.facereel.core.internal.stage.detect.DetectCodec.Checkpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One worker's work folder, {@code detect/work/<job id>-e<lease epoch>/}, where {@code faces.jsonl} and
 * {@code embeddings.bin} grow frame by frame, and where they stand: frames done, the last frame and the shot
 * detector's state. At every heartbeat both files are made durable and the point is recorded as a checkpoint. Not
 * thread-safe: the job's thread owns it.
 */
final class DetectWork implements AutoCloseable {
    private final Path dir;
    private final FileChannel faces;
    private final FileChannel embeddings;
    private final int dimension;
    private long framesDone;
    private long faceCount;
    private int lastFrame;
    private int durableFrame;
    private ShotCutDetector.State shotState;

    /**
     * Opens the work folder {@code dir}, starting from {@code resumeFrom}'s checkpointed prefix (copied from its
     * folder) or from empty files, and deletes every other work folder.
     */
    DetectWork(Path dir, Optional<Checkpoint> resumeFrom, int dimension) throws IOException {
        this.dir = dir;
        this.dimension = dimension;
        faces = open(dir.resolve(DetectCodec.FACES));
        embeddings = open(dir.resolve(DetectCodec.EMBEDDINGS));
        try {
            Checkpoint cp = resumeFrom.orElse(new Checkpoint(dir, -1, 0, 0, DetectCodec.HEADER,
                    ShotCutDetector.State.initial(), -1));
            if (resumeFrom.isPresent()) {
                copyPrefix(cp.dir().resolve(DetectCodec.FACES), cp.facesBytes(), faces);
                copyPrefix(cp.dir().resolve(DetectCodec.EMBEDDINGS), cp.embeddingsBytes(), embeddings);
            } else {
                faces.truncate(0);
                embeddings.truncate(0);
                writeFully(dir.resolve(DetectCodec.EMBEDDINGS), embeddings, DetectCodec.header(dimension));
            }
            removeOthers(dir.getParent(), dir);
            framesDone = cp.framesDone();
            faceCount = (cp.embeddingsBytes() - DetectCodec.HEADER) / (4L * dimension);
            lastFrame = cp.lastFrame();
            durableFrame = cp.lastFrame();
            shotState = cp.shotState();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The most advanced checkpoint with these settings among the work folders under {@code workRoot}, if any; a
     * complete one (whose files may already be partly moved to {@code stageDir}) comes first.
     */
    static Optional<Checkpoint> best(Path workRoot, String fingerprint, Path stageDir) throws IOException {
        if (!Files.isDirectory(workRoot)) {
            return Optional.empty();
        }
        List<Checkpoint> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workRoot, Files::isDirectory)) {
            for (Path d : dirs) {
                DetectCodec.readCheckpoint(d, fingerprint, stageDir).ifPresent(found::add);
            }
        }
        return found.stream().max(Comparator.comparing(Checkpoint::complete).thenComparingLong(Checkpoint::framesDone));
    }

    /** Appends one analysed frame to both files. */
    void append(FrameAnalysis.Analysed a) {
        writeFully(dir.resolve(DetectCodec.FACES), faces, ByteBuffer.wrap(DetectCodec.line(a.frame(), a.shot(), a.faces(),
                a.qualities())));
        writeFully(dir.resolve(DetectCodec.EMBEDDINGS), embeddings, DetectCodec.vectors(a.embeddings(), dimension));
        framesDone++;
        faceCount += a.faces().size();
        lastFrame = a.frame().index();
        shotState = a.shotState();
    }

    long framesDone() {
        return framesDone;
    }

    /** The last frame recorded in a checkpoint. */
    int durableFrame() {
        return durableFrame;
    }

    /** Faces written so far. */
    long faces() {
        return faceCount;
    }

    /**
     * Makes both files durable, then records the checkpoint: the final one, with the sampled frame count, when
     * {@code total} is not negative. A worker that lost its lease records nothing.
     */
    Checkpoint checkpoint(StageContext ctx, String fingerprint, int total) throws IOException {
        Checkpoint cp = new Checkpoint(dir, lastFrame, framesDone, faces.position(), embeddings.position(),
                shotState, total);
        faces.force(cp.complete());
        embeddings.force(cp.complete());
        ctx.run().checkLease();
        DetectCodec.writeCheckpoint(cp, fingerprint, ctx.fence());
        durableFrame = lastFrame;
        return cp;
    }

    @Override
    public void close() throws IOException {
        try (faces; embeddings) {
            // both closed, the second even when the first fails
        }
    }

    /**
     * Replaces the published results with the finished work files of a complete checkpoint; the settings go last,
     * as the mark of completion, and then the work folders go. Each step can be repeated, so a worker that dies
     * anywhere in here leaves a publication that the next owner finishes: a file no longer in the work folder has
     * been moved already.
     */
    static void publish(StageContext ctx, StageSettings settings, Path stageDir, Path work) throws IOException {
        ctx.run().checkLease();
        AtomicFiles.deleteIfExists(stageDir.resolve(StageSettings.FILE));
        for (String name : DetectCodec.outputs()) {
            if (Files.exists(work.resolve(name))) {
                ctx.run().checkLease();
                Files.move(work.resolve(name), stageDir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        settings.writeTo(stageDir, DetectCodec.outputs(), ctx.fence());
        AtomicFiles.deleteTree(work.getParent());
    }

    /** Copies the first {@code length} bytes of {@code from} into the empty channel. */
    private static void copyPrefix(Path from, long length, FileChannel to) throws IOException {
        to.truncate(0);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
            long copied = 0;
            while (copied < length) {
                copied += in.transferTo(copied, length - copied, to);
            }
        }
        to.position(length);
    }

    /** Deletes earlier workers' folders once their checkpointed results are copied. */
    private static void removeOthers(Path workRoot, Path mine) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workRoot)) {
            for (Path d : dirs) {
                if (!d.equals(mine)) {
                    AtomicFiles.deleteTree(d);
                }
            }
        }
    }

    private static FileChannel open(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Appends the whole buffer; a failure (a full disk) names the file. */
    private static void writeFully(Path file, FileChannel ch, ByteBuffer buf) {
        try {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new JobStoreException("could not write " + file + ": " + e, e);
        }
    }
}
