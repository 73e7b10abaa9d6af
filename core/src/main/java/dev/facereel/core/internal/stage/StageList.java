package dev.facereel.core.internal.stage;

import dev.facereel.core.Stage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's stages in the order they run. Each stage comes after the stages it needs. Immutable and
 * thread-safe.
 */
public final class StageList {
    private final Map<Stage, PipelineStage> byStage = new LinkedHashMap<>();
    private final Map<Stage, double[]> ranges = new HashMap<>();
    private final List<Stage> order;

    /**
     * @throws IllegalArgumentException when two entries name one stage, a stage needs one that does not come before
     *                                  it, or a share is not positive
     */
    public StageList(List<? extends PipelineStage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one stage");
        }
        BigDecimal total = BigDecimal.ZERO;
        for (PipelineStage s : stages) {
            for (Stage need : s.needs()) {
                if (!byStage.containsKey(need)) {
                    throw new IllegalArgumentException("stage " + s.stage().id() + " needs " + need.id()
                            + ", which does not come before it");
                }
            }
            if (byStage.putIfAbsent(s.stage(), s) != null) {
                throw new IllegalArgumentException("stage " + s.stage().id() + " is listed twice");
            }
            if (s.progressShare().signum() <= 0) {
                throw new IllegalArgumentException("stage " + s.stage().id() + " has a share of progress of "
                        + s.progressShare() + "; expected a positive number");
            }
            total = total.add(s.progressShare());
        }
        order = List.copyOf(byStage.keySet());
        BigDecimal start = BigDecimal.ZERO;
        for (PipelineStage s : stages) {
            BigDecimal end = start.add(s.progressShare());
            ranges.put(s.stage(), new double[] {start.divide(total, MathContext.DECIMAL64).doubleValue(),
                    end.divide(total, MathContext.DECIMAL64).doubleValue()});
            start = end;
        }
    }

    /** The stages, in order. */
    public List<Stage> stages() {
        return order;
    }

    /**
     * The stage's definition.
     *
     * @throws IllegalArgumentException when the list has no such stage
     */
    public PipelineStage get(Stage stage) {
        PipelineStage s = byStage.get(stage);
        if (s == null) {
            throw new IllegalArgumentException("this pipeline has no stage " + stage.id() + "; its stages are "
                    + String.join(", ", stages().stream().map(Stage::id).toList()));
        }
        return s;
    }

    /** {@code target} and every stage it needs, directly or not, in list order. */
    public List<Stage> withPrerequisites(Stage target) {
        List<Stage> wanted = new ArrayList<>(List.of(target));
        for (int i = 0; i < wanted.size(); i++) {
            for (Stage need : get(wanted.get(i)).needs()) {
                if (!wanted.contains(need)) {
                    wanted.add(need);
                }
            }
        }
        return stages().stream().filter(wanted::contains).toList();
    }

    /** The stage's sub-range of the progress of a job that runs every stage: {@code {from, to}} in [0, 1]. */
    public double[] progressRange(Stage stage) {
        get(stage);
        return ranges.get(stage).clone();
    }

    /** The stage's own settings plus, under each needed stage's id, that stage's fingerprint. */
    StageSettings settings(Stage stage, StageContext ctx) {
        PipelineStage s = get(stage);
        Map<String, String> values = new HashMap<>(s.settings(ctx));
        for (Stage need : s.needs()) {
            values.put(need.id(), settings(need, ctx).fingerprint());
        }
        return new StageSettings(values);
    }

    /** The stages, in order. */
    @Override
    public String toString() {
        return stages().toString();
    }
}
