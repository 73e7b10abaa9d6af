package dev.facereel.core.internal.pipeline;

import dev.facereel.core.internal.stage.StageList;
import dev.facereel.core.internal.stage.cluster.ClusterStage;
import dev.facereel.core.internal.stage.detect.DetectStage;
import dev.facereel.core.internal.stage.name.NameStage;
import dev.facereel.core.internal.stage.stills.StillsStage;
import dev.facereel.core.internal.stage.track.TrackStage;
import java.util.List;

/** The stages of FaceReel's pipeline, in order: adding a stage is one entry here and one package of its own. */
public final class PipelineStages {
    public static final StageList DEFAULT = new StageList(List.of(new DetectStage(), new TrackStage(),
            new StillsStage(), new ClusterStage(), new NameStage()));

    private PipelineStages() {
    }
}
