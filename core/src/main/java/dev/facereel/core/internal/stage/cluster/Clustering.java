package dev.facereel.core.internal.stage.cluster;

import java.util.List;

/**
 * The result of clustering: the identities, by descending screen time, and the tracks that could not be
 * clustered because they carry no embedding. Immutable.
 */
public record Clustering(List<Identity> identities, List<String> unclusteredTrackIds) {
    public Clustering {
        identities = List.copyOf(identities);
        unclusteredTrackIds = List.copyOf(unclusteredTrackIds);
    }
}
