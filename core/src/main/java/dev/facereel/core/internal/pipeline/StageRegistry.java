package dev.facereel.core.internal.pipeline;

import dev.facereel.core.Stage;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** Which code runs each stage, what settings it depends on, and which files it leaves. */
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

    static boolean outputsExist(Stage stage, StageContext ctx) {
        List<String> files = switch (stage) {
            case DETECT -> List.of(DetectStage.FACES, DetectStage.EMBEDDINGS);
            case TRACK -> List.of(TrackStage.TRACKS);
            case STILLS -> List.of();
            case CLUSTER -> List.of(ClusterStage.CLUSTERS);
        };
        return files.stream().allMatch(f -> Files.isRegularFile(ctx.layout().stageDir(ctx.episode().key(), stage).resolve(f)));
    }
}
