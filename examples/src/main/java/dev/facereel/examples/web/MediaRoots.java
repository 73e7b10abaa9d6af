package dev.facereel.examples.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The folders the page may reach ({@code --media DIR}, repeatable): a video path given in a form must lie under one
 * of them, and the folder browser lists only folders and videos under them. A path with a {@code ..} segment is
 * refused outright, and every path is resolved through its symbolic links before it is compared. With no folders
 * given, a loopback server accepts any video path typed in a form (its only user is on this machine) and browses
 * nothing. Immutable.
 */
final class MediaRoots {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VIDEO = Set.of("mp4", "m4v", "mkv", "mov", "avi", "webm", "ts", "mpg", "mpeg");

    private final List<Path> roots;
    private final boolean anyPath;

    MediaRoots(List<Path> folders, boolean loopback) {
        List<Path> real = new ArrayList<>();
        for (Path f : folders) {
            try {
                real.add(f.toRealPath());
            } catch (IOException e) {
                throw new IllegalArgumentException("--media " + f + " is not a readable folder");
            }
        }
        this.roots = List.copyOf(real);
        this.anyPath = roots.isEmpty() && loopback;
    }

    /**
     * The real path of a video file given in a form.
     *
     * @throws ApiException 400 for a relative path or one with '..', a missing file; 403 outside the folders
     */
    Path requireVideo(String raw) {
        Path p = allowed(raw, "video", anyPath);
        if (!Files.isRegularFile(p)) {
            throw ApiException.badRequest("video " + p + " does not exist or is not a file; give the path of a video "
                    + "file on the server");
        }
        return p;
    }

    /** The folders, or the sub-folders and videos of one of them; {@code raw} null or empty lists the roots. */
    ObjectNode list(String raw) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode folders = out.putArray("folders");
        ArrayNode videos = out.putArray("videos");
        if (raw == null || raw.isBlank()) {
            out.putNull("path");
            out.putNull("parent");
            roots.forEach(r -> folders.addObject().put("name", r.toString()).put("path", r.toString()));
            return out;
        }
        Path dir = allowed(raw, "folder", false);
        if (!Files.isDirectory(dir)) {
            throw ApiException.notFound("no folder " + dir);
        }
        out.put("path", dir.toString());
        Path parent = dir.getParent();
        out.put("parent", parent != null && underRoot(parent) ? parent.toString() : null);
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path e : entries.sorted().toList()) {
                String name = e.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(e)) {
                    folders.addObject().put("name", name).put("path", e.toString());
                } else if (isVideo(e)) {
                    videos.addObject().put("name", name).put("path", e.toString());
                }
            }
        } catch (IOException e) {
            throw ApiException.badRequest("folder " + dir + " cannot be listed: " + e.getMessage());
        }
        return out;
    }

    /** The videos directly in a folder under the roots, by name. */
    List<Path> videosIn(String raw) {
        Path dir = allowed(raw, "folder", false);
        if (!Files.isDirectory(dir)) {
            throw ApiException.notFound("no folder " + dir);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile).filter(MediaRoots::isVideo).sorted().toList();
        } catch (IOException e) {
            throw ApiException.badRequest("folder " + dir + " cannot be listed: " + e.getMessage());
        }
    }

    static boolean isVideo(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && VIDEO.contains(name.substring(dot + 1));
    }

    private Path allowed(String raw, String what, boolean anywhere) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("a " + what + " path is required");
        }
        String s = raw.strip();
        if (s.indexOf('\0') >= 0) {
            throw ApiException.badRequest("the " + what + " path holds a NUL character");
        }
        Path p;
        try {
            p = Path.of(s);
        } catch (InvalidPathException e) {
            throw ApiException.badRequest("invalid " + what + " path: " + e.getReason());
        }
        for (Path part : p) {
            if (part.toString().equals("..")) {
                throw new ApiException(403, "the " + what + " path " + s + " climbs out with '..': refused");
            }
        }
        if (!p.isAbsolute()) {
            throw ApiException.badRequest("give the " + what + " as an absolute path on the server, not " + s);
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            real = p.normalize();
        }
        if (!anywhere && !underRoot(real)) {
            throw new ApiException(403, "the " + what + " " + s + " is outside the media folders this server may "
                    + "read" + (roots.isEmpty() ? " (it was started without --media)" : ""));
        }
        return real;
    }

    private boolean underRoot(Path real) {
        return roots.stream().anyMatch(real::startsWith);
    }
}
