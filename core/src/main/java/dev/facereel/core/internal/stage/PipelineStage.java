package dev.facereel.core.internal.stage;

import dev.facereel.core.Stage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of the episode pipeline. The runner takes an ordered {@link StageList} of them: from it come the stages a
 * job runs, their prerequisites, their sub-ranges of a job's progress, the status table and the web page's stage
 * list. A stage owns the folder {@code <episode>/<id>/} and the one codec that writes and reads its files; it reads
 * the stages it needs only through their codecs. Implementations are stateless and thread-safe.
 */
public abstract class PipelineStage {
    private final Stage stage;
    private final List<Stage> needs;
    private final BigDecimal progressShare;
    private final String activity;

    /**
     * @param stage         its name, as files, jobs and users know it
     * @param needs         the stages whose outputs it reads; they run before it, and their fingerprints are part of
     *                      its settings
     * @param progressShare its share of a job's overall progress, relative to the other stages' shares (they need not
     *                      add up to one), as a decimal such as {@code "0.25"}
     * @param activity      what it does, in the words of a message such as "… before clustering…"
     */
    protected PipelineStage(Stage stage, List<Stage> needs, String progressShare, String activity) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.needs = List.copyOf(needs);
        this.progressShare = new BigDecimal(progressShare);
        this.activity = Objects.requireNonNull(activity, "activity");
    }

    public final Stage stage() {
        return stage;
    }

    public final List<Stage> needs() {
        return needs;
    }

    public final BigDecimal progressShare() {
        return progressShare;
    }

    public final String activity() {
        return activity;
    }

    /**
     * The settings it would run with now, without those of the stages it needs (the stage list adds their
     * fingerprints): a change of any value makes its outputs stale.
     */
    public abstract Map<String, String> settings(StageContext ctx);

    /**
     * Runs it, writing its outputs through the job's lease fence ({@link StageContext#fence()}), and its
     * {@code settings.json} last; returns what the job records as the stage's result.
     */
    public abstract Map<String, String> run(StageContext ctx);

    /** Removes the temporary files an earlier run may have left, when the stage is found up to date. */
    public void cleanUp(StageContext ctx) {
    }
}
