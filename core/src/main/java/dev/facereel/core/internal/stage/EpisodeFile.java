package dev.facereel.core.internal.stage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.video.VideoInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code episodes/<key>/episode.json}, its one reader and writer: the episode's id, key, video and show, and once detect
 * has opened the video, its fingerprint, fps, frame count and size. A registration writes the first three; the
 * detect stage rewrites the whole under its lease.
 */
public final class EpisodeFile {
    private static final Logger LOG = LoggerFactory.getLogger(EpisodeFile.class);
    private EpisodeFile() {
    }

    /**
     * What the file holds.
     *
     * @param videoFingerprint null until detect ran
     * @param video            null until detect ran
     */
    public record Contents(Episode episode, String videoFingerprint, VideoInfo video) {
    }

    /** Records the episode if the file does not exist yet; returns what the file holds afterwards. */
    public static Contents register(DataLayout layout, Episode episode) {
        Optional<Contents> existing = read(layout, episode.key());
        if (existing.isPresent()) {
            return existing.get();
        }
        PipelineJson.write(layout.episodeFile(episode.key()), identity(episode), () -> { });
        return new Contents(episode, null, null);
    }

    /** Records the episode with its video's fingerprint and properties (the detect stage, under its lease). */
    public static void write(StageContext ctx, VideoInfo info) {
        ObjectNode n = identity(ctx.episode());
        n.put("video_fingerprint", ctx.videoFingerprint());
        n.put("fps", info.fps());
        n.put("frame_count", info.frameCount());
        n.put("width", info.width());
        n.put("height", info.height());
        PipelineJson.write(ctx.layout().episodeFile(ctx.episode().key()), n, ctx.fence());
    }

    /**
     * The file's contents, empty when there is none.
     *
     * @throws JobStoreException naming the file when it is damaged
     */
    public static Optional<Contents> read(DataLayout layout, EpisodeKey key) {
        return PipelineJson.read(layout.episodeFile(key), "an episode record").map(n -> {
            try {
                Episode episode = new Episode(n.path("id").asText(null), layout.root().getFileSystem().getPath(
                        n.path("video").asText("")), n.path("show").asText(Episode.DEFAULT_SHOW));
                VideoInfo video = n.has("fps") ? new VideoInfo(n.path("width").asInt(), n.path("height").asInt(),
                        n.path("fps").asDouble(), n.path("frame_count").asInt()) : null;
                return new Contents(episode, n.path("video_fingerprint").asText(null), video);
            } catch (RuntimeException e) {
                throw new JobStoreException("corrupt file " + layout.episodeFile(key) + ": expected an episode record"
                        + " (id, key, video; fps, frame_count, width and height once detected): " + e.getMessage(), e);
            }
        });
    }

    /** Every recorded episode, by key; one whose file is damaged is left out (and logged). */
    public static List<Episode> list(DataLayout layout) {
        List<Episode> out = new ArrayList<>();
        if (!Files.isDirectory(layout.episodesDir())) {
            return out;
        }
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layout.episodesDir(), Files::isDirectory)) {
            dirs.forEach(folders::add);
        } catch (IOException e) {
            throw new JobStoreException("could not list " + layout.episodesDir() + ": " + e, e);
        }
        folders.sort(null);
        for (Path folder : folders) {
            try {
                read(layout, new EpisodeKey(folder.getFileName().toString())).map(Contents::episode).ifPresent(out::add);
            } catch (RuntimeException damaged) {
                LOG.warn("Leaving {} out of the episodes: {}", folder, damaged.getMessage());
            }
        }
        return out;
    }

    /**
     * The time between two sampled frames of the episode, in seconds.
     *
     * @throws JobStoreException when detect has not recorded the video's frame rate
     */
    public static double samplePeriod(StageContext ctx) {
        VideoInfo video = read(ctx.layout(), ctx.episode().key()).map(Contents::video).orElseThrow(() ->
                new JobStoreException("missing " + ctx.layout().episodeFile(ctx.episode().key())
                        + "; run the detect stage first"));
        return 1.0 / Math.min(video.fps(), ctx.settings().sampleFps());
    }

    /**
     * The episode's length in seconds: its frame count over its frame rate.
     *
     * @throws JobStoreException when detect has not recorded the video's frame rate
     */
    public static double durationSeconds(StageContext ctx) {
        VideoInfo video = read(ctx.layout(), ctx.episode().key()).map(Contents::video).orElseThrow(() ->
                new JobStoreException("missing " + ctx.layout().episodeFile(ctx.episode().key())
                        + "; run the detect stage first"));
        return video.frameCount() / video.fps();
    }

    private static ObjectNode identity(Episode episode) {
        ObjectNode n = PipelineJson.object();
        n.put("id", episode.id());
        n.put("key", episode.key().value());
        n.put("video", episode.video().toString());
        n.put("show", episode.show());
        return n;
    }
}
