package dev.facereel.core.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;

/** Writes damaged and rearranged copies of a video for decoder tests. */
public final class BrokenVideos {
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl");

    private BrokenVideos() {
    }

    /** The first {@code fraction} of the file's bytes. */
    public static Path truncated(Path video, double fraction, Path target) throws IOException {
        byte[] bytes = Files.readAllBytes(video);
        return Files.write(target, Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    }

    public static Path randomBytes(Path target, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return Files.write(target, bytes);
    }

    public static Path text(Path target) throws IOException {
        return Files.writeString(target, "this is not a video\n".repeat(200), StandardCharsets.UTF_8);
    }

    /**
     * The MP4 with its {@code moov} box moved in front of the media data ("fast start"), as streaming encoders
     * write it, so that a truncated copy still has its index and can be decoded up to the cut. Chunk offsets
     * ({@code stco}/{@code co64}) are shifted by the size of the moved box.
     */
    public static Path fastStart(Path video, Path target) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(video));
        int moovAt = -1;
        int moovSize = 0;
        for (int at = 0; at < in.limit(); at += in.getInt(at)) {
            if (type(in, at).equals("moov")) {
                moovAt = at;
                moovSize = in.getInt(at);
            }
        }
        int ftypEnd = in.getInt(0);
        if (moovAt < 0 || !type(in, 0).equals("ftyp") || moovAt + moovSize != in.limit()) {
            throw new IllegalArgumentException(video + " is not an MP4 with its moov box at the end");
        }
        ByteBuffer moov = ByteBuffer.wrap(Arrays.copyOfRange(in.array(), moovAt, moovAt + moovSize));
        shiftChunkOffsets(moov, 0, moovSize, moovSize);
        ByteBuffer out = ByteBuffer.allocate(in.limit());
        out.put(in.array(), 0, ftypEnd).put(moov.array()).put(in.array(), ftypEnd, moovAt - ftypEnd);
        return Files.write(target, out.array());
    }

    private static void shiftChunkOffsets(ByteBuffer buf, int from, int to, int delta) {
        for (int at = from; at < to; at += buf.getInt(at)) {
            String type = type(buf, at);
            int size = buf.getInt(at);
            if (CONTAINERS.contains(type)) {
                shiftChunkOffsets(buf, at + 8, at + size, delta);
            } else if (type.equals("stco")) {
                int count = buf.getInt(at + 12);
                for (int i = 0; i < count; i++) {
                    int p = at + 16 + 4 * i;
                    buf.putInt(p, buf.getInt(p) + delta);
                }
            } else if (type.equals("co64")) {
                int count = buf.getInt(at + 12);
                for (int i = 0; i < count; i++) {
                    int p = at + 16 + 8 * i;
                    buf.putLong(p, buf.getLong(p) + delta);
                }
            }
        }
    }

    private static String type(ByteBuffer buf, int at) {
        return new String(buf.array(), at + 4, 4, StandardCharsets.ISO_8859_1);
    }
}
