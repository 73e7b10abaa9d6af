package dev.facereel.core.internal.pipeline;

import dev.facereel.core.Stage;
import java.util.Map;

/** Which code runs each stage and what settings it depends on. */
final class StageRegistry {
    private StageRegistry() {
    }

    static StageSettings settings(Stage stage, StageContext ctx) {
        return switch (stage) {
            case DETECT -> DetectStage.settings(ctx);
            case TRACK -> TrackStage.settings(ctx);
            case STILLS -> StillsStage.settings(ctx);
            case CLUSTER -> ClusterStage.settings(ctx);
        };
    }

    static Map<String, String> run(Stage stage, StageContext ctx, ProgressSink sink) {
        return switch (stage) {
            case DETECT -> DetectStage.run(ctx, sink);
            case TRACK -> TrackStage.run(ctx);
            case STILLS -> StillsStage.run(ctx, sink);
            case CLUSTER -> ClusterStage.run(ctx);
        };
    }
}
