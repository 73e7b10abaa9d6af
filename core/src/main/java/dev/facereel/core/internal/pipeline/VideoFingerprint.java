package dev.facereel.core.internal.pipeline;

import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Identifies a video's content cheaply: its size, its modification time and a hash of its first MiB. */
final class VideoFingerprint {
    private static final int HEAD = 1 << 20;

    private VideoFingerprint() {
    }

    static String of(Path video) {
        try {
            long size = Files.size(video);
            if (size == 0) {
                throw new InvalidInputException("video " + video + " is empty (0 bytes); expected a video file");
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(video)) {
                sha.update(in.readNBytes(HEAD));
            }
            return size + ":" + Files.getLastModifiedTime(video).toMillis() + ":"
                    + HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("video " + video + " does not exist; expected a readable video file");
        } catch (IOException e) {
            throw new InvalidInputException("video " + video + " cannot be read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
