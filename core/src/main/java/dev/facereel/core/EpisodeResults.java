package dev.facereel.core;

import dev.facereel.spi.BoundingBox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the pipeline found in an episode, read from its stage outputs ({@link FacePipeline#results}): the identities
 * (cast first, then incidental), their tracks, each track's faces with frame numbers and times, still paths, screen
 * time, and the settings each stage ran with. Immutable.
 *
 * @param episode              the episode
 * @param video                the video's size, rate and frame count, as detect found them
 * @param identities           the cast: identities seen in enough shots, by descending screen time
 * @param incidentalIdentities the others (passers-by, a face in a photo), by descending screen time
 * @param unclusteredTracks    tracks that joined no identity
 * @param settings             each stage's settings, as its {@code settings.json} records them, in stage order
 */
public record EpisodeResults(Episode episode, Video video, List<Identity> identities,
                             List<Identity> incidentalIdentities, List<Track> unclusteredTracks,
                             Map<Stage, Map<String, String>> settings) {
    public EpisodeResults {
        Objects.requireNonNull(episode, "episode");
        Objects.requireNonNull(video, "video");
        identities = List.copyOf(identities);
        incidentalIdentities = List.copyOf(incidentalIdentities);
        unclusteredTracks = List.copyOf(unclusteredTracks);
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }

    /** The video as detect decoded it. */
    public record Video(int width, int height, double fps, int frameCount) {
        /** The frame count over the frame rate. */
        public double durationSeconds() {
            return frameCount / fps;
        }
    }

    /**
     * One person as clustering found them: {@code p01}, {@code p02}…
     *
     * @param still the representative still (a file under the data root)
     */
    public record Identity(String id, List<Track> tracks, double screenTimeSeconds, Path still) {
        public Identity {
            tracks = List.copyOf(tracks);
        }
    }

    /**
     * One face followed through consecutive sampled frames of one shot.
     *
     * @param still the track's still (a file under the data root)
     */
    public record Track(String id, int shot, List<Sighting> faces, Path still) {
        public Track {
            faces = List.copyOf(faces);
            if (faces.isEmpty()) {
                throw new IllegalArgumentException("track " + id + " has no faces");
            }
        }

        public int firstFrame() {
            return faces.get(0).frame();
        }

        public int lastFrame() {
            return faces.get(faces.size() - 1).frame();
        }
    }

    /**
     * A face of a track in one sampled frame.
     *
     * @param frame       the frame number, from 0 in decode order
     * @param timeSeconds the frame's time
     */
    public record Sighting(int frame, double timeSeconds, BoundingBox box, float score) {
    }
}
