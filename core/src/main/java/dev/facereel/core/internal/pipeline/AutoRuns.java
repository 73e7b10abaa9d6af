package dev.facereel.core.internal.pipeline;

import dev.facereel.core.AutoRun;
import dev.facereel.core.Stage;
import dev.facereel.core.internal.stage.StageList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The one place that words an {@link AutoRun}, from the stages' own words for what they do. */
public final class AutoRuns {
    private AutoRuns() {
    }

    /** What a job announces when it runs {@code prerequisites} before {@code target}; empty when there are none. */
    public static Optional<AutoRun> of(StageList stages, List<Stage> prerequisites, Stage target) {
        if (prerequisites.isEmpty()) {
            return Optional.empty();
        }
        String doing = stages.get(target).activity();
        return Optional.of(new AutoRun(prerequisites, target, "Auto-running " + String.join(" → ",
                prerequisites.stream().map(AutoRuns::capitalise).toList()) + " before " + doing + "…",
                "Prerequisites complete, starting " + doing + "…"));
    }

    private static String capitalise(Stage s) {
        return s.id().substring(0, 1).toUpperCase(Locale.ROOT) + s.id().substring(1);
    }
}
