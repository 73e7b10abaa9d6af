package dev.facereel.core;

import dev.facereel.spi.BoundingBox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the pipeline found in an episode, read from its stage outputs ({@link FacePipeline#results}): the identities
 * (cast first, then incidental) as the name stage left them (the clustering alone until it ran), their tracks, each track's faces with frame numbers and times, still paths, screen
 * time, and the settings each stage ran with. Immutable.
 *
 * @param episode              the episode
 * @param video                the video's size, rate and frame count, as detect found them
 * @param identities           the cast: identities seen in enough shots or named, by descending screen time
 * @param incidentalIdentities the others (passers-by, a face in a photo), by descending screen time
 * @param unclusteredTracks    tracks that joined no identity
 * @param settings             each stage's settings, as its {@code settings.json} records them, in stage order
 * @param unresolvedEdits      the show's edits of this episode that found none of their tracks, each as
 *                             {@code "<edit id> (<kind>): <why>"}
 */
public record EpisodeResults(Episode episode, Video video, List<Identity> identities,
                             List<Identity> incidentalIdentities, List<Track> unclusteredTracks,
                             Map<Stage, Map<String, String>> settings, List<String> unresolvedEdits) {
    public EpisodeResults {
        Objects.requireNonNull(episode, "episode");
        Objects.requireNonNull(video, "video");
        identities = List.copyOf(identities);
        incidentalIdentities = List.copyOf(incidentalIdentities);
        unclusteredTracks = List.copyOf(unclusteredTracks);
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        unresolvedEdits = List.copyOf(unresolvedEdits);
    }

    /**
     * The time between two analysed frames: one over the lower of the video's rate and the detect stage's sample
     * rate. A track covers its faces' times plus this.
     */
    public double samplePeriodSeconds() {
        Map<String, String> detect = settings.getOrDefault(Stage.DETECT, Map.of());
        double sampled = Double.parseDouble(detect.getOrDefault("sample_fps", Double.toString(video.fps())));
        return 1.0 / Math.min(video.fps(), sampled);
    }

    /** The video as detect decoded it. */
    public record Video(int width, int height, double fps, int frameCount) {
        /** The frame count over the frame rate. */
        public double durationSeconds() {
            return frameCount / fps;
        }
    }

    /**
     * One person in the episode: {@code p01}, {@code p02}…, named after the show's cast when known.
     *
     * @param still    the representative still (a file under the data root)
     * @param personId the cast member's id, or null when the identity is unnamed
     * @param name     the cast member's name, or null when the identity is unnamed
     * @param match    how it got its name, or null when unnamed
     */
    public record Identity(String id, List<Track> tracks, double screenTimeSeconds, Path still, String personId,
                           String name, Match match) {
        public Identity {
            tracks = List.copyOf(tracks);
            if ((personId == null) != (name == null) || (personId == null) != (match == null)) {
                throw new IllegalArgumentException("identity " + id + " has a person, a name and a match, or none");
            }
        }

        /** An identity without a name. */
        public Identity(String id, List<Track> tracks, double screenTimeSeconds, Path still) {
            this(id, tracks, screenTimeSeconds, still, null, null, null);
        }

        /** Whether it is named after a cast member. */
        public boolean isNamed() {
            return personId != null;
        }

        /** Its on-screen intervals: the union of its tracks' covered time, in seconds, in order. */
        public List<double[]> intervals(double samplePeriodSeconds) {
            List<double[]> spans = new java.util.ArrayList<>();
            for (Track t : tracks) {
                spans.add(new double[] {t.faces().get(0).timeSeconds(),
                        t.faces().get(t.faces().size() - 1).timeSeconds() + samplePeriodSeconds});
            }
            spans.sort(java.util.Comparator.comparingDouble(span -> span[0]));
            List<double[]> merged = new java.util.ArrayList<>();
            for (double[] span : spans) {
                double[] lastSpan = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (lastSpan != null && span[0] <= lastSpan[1]) {
                    lastSpan[1] = Math.max(lastSpan[1], span[1]);
                } else {
                    merged.add(span.clone());
                }
            }
            return merged;
        }
    }

    /**
     * How an identity got its name.
     *
     * @param byUser     whether the user named it; otherwise it matched the cast automatically
     * @param similarity its similarity to the person's references, or null when none of this embedder exist
     * @param runnerUp   its similarity to the next most similar person, or null when there is none
     */
    public record Match(boolean byUser, Double similarity, Double runnerUp) {
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
