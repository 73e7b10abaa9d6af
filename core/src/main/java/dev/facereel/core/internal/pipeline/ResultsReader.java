package dev.facereel.core.internal.pipeline;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.EpisodeResults;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.stage.EpisodeFile;
import dev.facereel.core.internal.stage.StageList;
import dev.facereel.core.internal.stage.StageSettings;
import dev.facereel.core.internal.stage.cluster.ClusterCodec;
import dev.facereel.core.internal.stage.detect.DetectCodec;
import dev.facereel.core.internal.stage.name.NameCodec;
import dev.facereel.core.internal.stage.stills.StillsStage;
import dev.facereel.core.internal.stage.track.TrackCodec;
import dev.facereel.core.internal.video.VideoInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads an episode's {@link EpisodeResults} through the stages' codecs: the identities, the tracks and the frame
 * times, not the embeddings.
 */
public final class ResultsReader {
    private ResultsReader() {
    }

    /**
     * The episode's results, empty until its cluster stage has written them.
     *
     * @throws JobStoreException naming the file when a result file is missing or damaged
     */
    public static Optional<EpisodeResults> read(DataLayout layout, StageList stages, EpisodeKey key) {
        Optional<NameCodec.Contents> named = NameCodec.read(layout, key);
        if (named.isEmpty()) {
            named = ClusterCodec.read(layout, key).map(c -> new NameCodec.Contents(unnamed(c.cast()),
                    unnamed(c.incidental()), c.unclusteredTrackIds(), List.of(), 0));
        }
        if (named.isEmpty()) {
            return Optional.empty();
        }
        NameCodec.Contents identities = named.get();
        EpisodeFile.Contents episode = EpisodeFile.read(layout, key).filter(e -> e.video() != null).orElseThrow(() ->
                new JobStoreException("missing or incomplete " + layout.episodeFile(key) + "; run the detect stage"));
        Path dir = layout.episodeDir(key);
        Map<Integer, Double> times = DetectCodec.frameTimes(layout, key);
        Map<String, EpisodeResults.Track> tracks = new LinkedHashMap<>();
        for (TrackCodec.Entry t : TrackCodec.entries(layout, key)) {
            List<EpisodeResults.Sighting> faces = new ArrayList<>();
            for (TrackCodec.FaceRef f : t.faces()) {
                Double time = times.get(f.frame());
                if (time == null) {
                    throw TrackCodec.missingFace(layout, key, t.id(), f.frame());
                }
                faces.add(new EpisodeResults.Sighting(f.frame(), time, f.box(), f.score()));
            }
            tracks.put(t.id(), new EpisodeResults.Track(t.id(), t.shot(), faces, dir.resolve(StillsStage.stillOf(t.id()))));
        }
        Function<NameCodec.Entry, EpisodeResults.Identity> identity = e -> new EpisodeResults.Identity(e.id(),
                e.trackIds().stream().map(id -> track(tracks, id, layout, key)).toList(), e.screenTimeSeconds(),
                e.still() == null ? null : dir.resolve(e.still()), e.personId(), e.personId() == null ? null : e.name(),
                e.personId() == null || e.match() == null ? null : new EpisodeResults.Match("user".equals(
                        e.match().by()), e.match().similarity(), e.match().runnerUp()));
        Set<String> unclustered = new HashSet<>(identities.unclusteredTrackIds());
        Map<Stage, Map<String, String>> settings = new LinkedHashMap<>();
        for (Stage stage : stages.stages()) {
            StageSettings.read(layout.stageDir(key, stage)).ifPresent(s -> settings.put(stage, s));
        }
        VideoInfo v = episode.video();
        return Optional.of(new EpisodeResults(episode.episode(),
                new EpisodeResults.Video(v.width(), v.height(), v.fps(), v.frameCount()),
                identities.cast().stream().map(identity).toList(),
                identities.incidental().stream().map(identity).toList(),
                tracks.values().stream().filter(t -> unclustered.contains(t.id())).collect(Collectors.toList()),
                settings, identities.unresolvedEdits().stream().map(u -> u.edit() + " (" + u.kind() + "): "
                        + u.reason()).toList()));
    }

    private static List<NameCodec.Entry> unnamed(List<ClusterCodec.Entry> entries) {
        return entries.stream().map(e -> new NameCodec.Entry(e.id(), e.trackIds(), e.screenTimeSeconds(), e.still(),
                null, null, null)).toList();
    }

    private static EpisodeResults.Track track(Map<String, EpisodeResults.Track> tracks, String id, DataLayout layout,
                                              EpisodeKey key) {
        EpisodeResults.Track t = tracks.get(id);
        if (t == null) {
            throw new JobStoreException("corrupt results of episode '" + key.value() + "': an identity in "
                    + layout.stageDir(key, Stage.CLUSTER) + " names track " + id + ", which "
                    + layout.stageDir(key, Stage.TRACK) + " does not have");
        }
        return t;
    }
}
