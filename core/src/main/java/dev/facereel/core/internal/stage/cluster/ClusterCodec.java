package dev.facereel.core.internal.stage.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.stage.PipelineJson;
import dev.facereel.core.internal.stage.stills.StillsStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code cluster/clusters.json}, written and read here only: {@code {"schema":1,"identities":[…],
 * "incidental_identities":[…],"unclustered_track_ids":[…]}}, each identity {@code {"id":"p01","track_ids":[…],
 * "screen_time_s","still":"stills/<track id>.jpg"}}. Identities are numbered {@code p01}, {@code p02}… cast first,
 * both lists by descending screen time.
 */
public final class ClusterCodec {
    static final String CLUSTERS = "clusters.json";

    private ClusterCodec() {
    }

    /** An identity as the file holds it; {@code still} is relative to the episode's folder. */
    public record Entry(String id, List<String> trackIds, double screenTimeSeconds, String still) {
        public Entry {
            trackIds = List.copyOf(trackIds);
        }
    }

    /** What the file holds. */
    public record Contents(List<Entry> cast, List<Entry> incidental, List<String> unclusteredTrackIds) {
        public Contents {
            cast = List.copyOf(cast);
            incidental = List.copyOf(incidental);
            unclusteredTrackIds = List.copyOf(unclusteredTrackIds);
        }
    }

    static void write(Path dir, List<Identity> cast, List<Identity> incidental, List<String> unclustered,
                      Runnable fence) {
        ObjectNode root = PipelineJson.object();
        int number = 0;
        ArrayNode castNode = root.putArray("identities");
        for (Identity identity : cast) {
            put(castNode.addObject(), identity, ++number);
        }
        ArrayNode incidentalNode = root.putArray("incidental_identities");
        for (Identity identity : incidental) {
            put(incidentalNode.addObject(), identity, ++number);
        }
        ArrayNode unclusteredNode = root.putArray("unclustered_track_ids");
        unclustered.forEach(unclusteredNode::add);
        PipelineJson.write(dir.resolve(CLUSTERS), root, fence);
    }

    /**
     * The episode's identities, empty when the cluster stage has not written them.
     *
     * @throws JobStoreException naming the file when it is damaged
     */
    public static Optional<Contents> read(DataLayout layout, EpisodeKey episode) {
        Path file = layout.stageDir(episode, Stage.CLUSTER).resolve(CLUSTERS);
        return PipelineJson.read(file, "an identity list").map(root -> {
            if (!root.path("identities").isArray()) {
                throw new JobStoreException("corrupt file " + file + ": expected an identity list with 'identities'");
            }
            return new Contents(entries(root.path("identities")), entries(root.path("incidental_identities")),
                    strings(root.path("unclustered_track_ids")));
        });
    }

    private static void put(ObjectNode o, Identity identity, int number) {
        o.put("id", String.format(Locale.ROOT, "p%02d", number));
        ArrayNode t = o.putArray("track_ids");
        identity.trackIds().forEach(t::add);
        o.put("screen_time_s", Math.round(identity.screenTimeSeconds() * 1000) / 1000.0);
        o.put("still", StillsStage.stillOf(identity.stillTrackId()));
    }

    private static List<Entry> entries(JsonNode list) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode n : list) {
            out.add(new Entry(n.path("id").asText(), strings(n.path("track_ids")), n.path("screen_time_s").asDouble(),
                    n.path("still").asText(null)));
        }
        return out;
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }
}
