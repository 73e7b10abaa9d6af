package dev.facereel.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of every stage of one episode, in the pipeline's stage order, and the job that owns the episode now (null
 * if none).
 */
public record EpisodeStatus(String episodeId, String episodeKey, String activeJobId, Map<Stage, StageReport> stages) {
    public EpisodeStatus {
        stages = Collections.unmodifiableMap(new LinkedHashMap<>(stages));
    }
}
