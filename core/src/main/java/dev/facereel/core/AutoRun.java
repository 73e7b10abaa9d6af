package dev.facereel.core;

import java.util.List;
import java.util.Objects;

/**
 * What a job that runs a stage's prerequisites first announces ({@link FacePipeline#autoRun}): the words its progress
 * events carry, and a page or log may show for as long as the prerequisites run. Immutable.
 *
 * @param prerequisites the stages run before the target, in order
 * @param message       before them, e.g. "Auto-running Detect → Track → Stills before clustering…"
 * @param doneMessage   once they are done, e.g. "Prerequisites complete, starting clustering…"
 */
public record AutoRun(List<Stage> prerequisites, Stage target, String message, String doneMessage) {
    public AutoRun {
        prerequisites = List.copyOf(prerequisites);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(doneMessage, "doneMessage");
    }
}
