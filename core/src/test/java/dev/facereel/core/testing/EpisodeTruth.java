package dev.facereel.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a pipeline run against {@code episode_synth.truth.json}. In each shot the tracks with the largest mean
 * boxes, as many as the shot has labelled faces, take the labels left to right; other (background) faces stay
 * unlabelled.
 */
public final class EpisodeTruth {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One shot of the truth: its frames and its labelled faces, left to right. */
    public record Shot(int first, int last, List<String> faces) {
        public double seconds(double fps) {
            return (last - first + 1) / fps;
        }
    }

    /** The outcome: labelled tracks per identity id, purity, and screen times (truth and found) per label. */
    public record Score(int identitiesWithLabels, double purity, List<String> tracksCrossingCuts,
                        List<String> uncoveredFaces, Map<String, Double> truthScreenTime,
                        Map<String, Double> foundScreenTime, Map<String, String> identityLabel) {
        public String summary() {
            return "identities with labelled faces: " + identitiesWithLabels + ", weighted purity: "
                    + String.format("%.3f", purity) + ", uncovered faces: " + uncoveredFaces + ", screen time truth "
                    + truthScreenTime + " found " + foundScreenTime;
        }
    }

    private final List<Shot> shots = new ArrayList<>();
    private final double fps;

    public EpisodeTruth(Path truthFile) throws IOException {
        JsonNode root = JSON.readTree(truthFile.toFile());
        fps = root.path("fps").asDouble();
        for (JsonNode s : root.path("shots")) {
            List<String> faces = new ArrayList<>();
            s.path("faces_left_to_right").forEach(f -> faces.add(f.asText()));
            shots.add(new Shot(s.path("first_frame").asInt(), s.path("last_frame").asInt(), faces));
        }
    }

    public List<Shot> shots() {
        return List.copyOf(shots);
    }

    /**
     * The label of each labelled track of an episode folder's {@code tracks.json}, as {@link #score} assigns them
     * (the largest tracks of each shot, left to right).
     */
    public Map<String, String> trackLabels(Path episodeDir) throws IOException {
        return labelled(readTracks(episodeDir), new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>());
    }

    /**
     * The majority label (by faces) of each group of track ids that holds a labelled track; groups without one
     * are left out.
     */
    public Map<String, String> groupLabels(Path episodeDir, Map<String, List<String>> groups) throws IOException {
        List<TrackInfo> tracks = readTracks(episodeDir);
        Map<String, String> trackLabel = labelled(tracks, new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>());
        Map<String, Integer> facesOf = new HashMap<>();
        tracks.forEach(t -> facesOf.put(t.id(), t.faces()));
        Map<String, String> out = new LinkedHashMap<>();
        groups.forEach((id, members) -> {
            Map<String, Integer> votes = new HashMap<>();
            members.forEach(t -> {
                String label = trackLabel.get(t);
                if (label != null) {
                    votes.merge(label, facesOf.get(t), Integer::sum);
                }
            });
            votes.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .ifPresent(best -> out.put(id, best.getKey()));
        });
        return out;
    }

    private record TrackInfo(String id, int first, int last, int faces, double area, double centerX) {
    }

    private static List<TrackInfo> readTracks(Path episodeDir) throws IOException {
        List<TrackInfo> tracks = new ArrayList<>();
        for (JsonNode t : JSON.readTree(episodeDir.resolve("track/tracks.json").toFile()).path("tracks")) {
            double area = 0;
            double cx = 0;
            for (JsonNode f : t.path("faces")) {
                JsonNode b = f.path("box");
                area += (b.get(2).asDouble() - b.get(0).asDouble()) * (b.get(3).asDouble() - b.get(1).asDouble());
                cx += (b.get(0).asDouble() + b.get(2).asDouble()) / 2;
            }
            int n = t.path("faces").size();
            tracks.add(new TrackInfo(t.path("id").asText(), t.path("first_frame").asInt(), t.path("last_frame").asInt(), n,
                    area / n, cx / n));
        }
        return tracks;
    }

    private Map<String, String> labelled(List<TrackInfo> tracks, List<String> crossing, List<String> uncovered,
                                         Map<String, Double> truthTime) {
        Map<String, String> trackLabel = new HashMap<>();
        for (Shot shot : shots) {
            shot.faces().forEach(f -> truthTime.merge(f, shot.seconds(fps), Double::sum));
            List<TrackInfo> inShot = new ArrayList<>();
            for (TrackInfo t : tracks) {
                boolean startsIn = t.first() >= shot.first() && t.first() <= shot.last();
                if (startsIn && t.last() > shot.last()) {
                    crossing.add(t.id());
                }
                if (startsIn) {
                    inShot.add(t);
                }
            }
            if (shot.faces().isEmpty()) {
                continue;
            }
            List<TrackInfo> main = new ArrayList<>(inShot);
            main.sort(Comparator.comparingDouble(TrackInfo::area).reversed());
            main = new ArrayList<>(main.subList(0, Math.min(shot.faces().size(), main.size())));
            main.sort(Comparator.comparingDouble(TrackInfo::centerX));
            for (int i = 0; i < shot.faces().size(); i++) {
                if (i >= main.size()) {
                    uncovered.add(shot.faces().get(i) + "@" + shot.first());
                } else {
                    trackLabel.put(main.get(i).id(), shot.faces().get(i));
                }
            }
        }
        return trackLabel;
    }

    /** Scores the {@code tracks.json} and {@code clusters.json} of one episode folder. */
    public Score score(Path episodeDir) throws IOException {
        List<TrackInfo> tracks = readTracks(episodeDir);
        List<String> crossing = new ArrayList<>();
        List<String> uncovered = new ArrayList<>();
        Map<String, Double> truthTime = new LinkedHashMap<>();
        Map<String, String> trackLabel = labelled(tracks, crossing, uncovered, truthTime);
        Map<String, Integer> facesOf = new HashMap<>();
        tracks.forEach(t -> facesOf.put(t.id(), t.faces()));
        JsonNode clusters = JSON.readTree(episodeDir.resolve("cluster/clusters.json").toFile());
        int withLabels = 0;
        int labelledFaces = 0;
        int majorityFaces = 0;
        Map<String, Double> found = new LinkedHashMap<>();
        Map<String, String> identityLabel = new LinkedHashMap<>();
        for (JsonNode identity : clusters.path("identities")) {
            Map<String, Integer> votes = new HashMap<>();
            identity.path("track_ids").forEach(t -> {
                String label = trackLabel.get(t.asText());
                if (label != null) {
                    votes.merge(label, facesOf.get(t.asText()), Integer::sum);
                }
            });
            if (votes.isEmpty()) {
                continue;
            }
            withLabels++;
            Map.Entry<String, Integer> best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            labelledFaces += votes.values().stream().mapToInt(Integer::intValue).sum();
            majorityFaces += best.getValue();
            identityLabel.put(identity.path("id").asText(), best.getKey());
            found.merge(best.getKey(), identity.path("screen_time_s").asDouble(), Double::sum);
        }
        return new Score(withLabels, labelledFaces == 0 ? 0 : majorityFaces / (double) labelledFaces, crossing, uncovered,
                truthTime, found, identityLabel);
    }
}
