package dev.facereel.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.Episode;
import dev.facereel.core.internal.stage.CastRule;
import dev.facereel.core.internal.stage.FaceFilter;
import dev.facereel.core.internal.stage.PipelineSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineRunnerTest {
    private final PipelineSettings pipeline = new PipelineSettings(5, 0.45);

    @Test
    void settingsOf_resumedJob_keepsTheRateAndThresholdItStartedWith() {
        Map<String, String> params = PipelineRunner.params(new Episode("e1", Path.of("/v.mp4")), new PipelineSettings(2, 0.6));
        assertThat(PipelineRunner.settingsOf(params, pipeline)).isEqualTo(new PipelineSettings(2, 0.6));
    }

    @Test
    void settingsOf_resumedJob_keepsTheFaceFilterAndCastRuleItStartedWith() {
        PipelineSettings started = new PipelineSettings(2, 0.6, new FaceFilter(24, 0.2), new CastRule(5, 2.5, 0.05, 0.4));
        Map<String, String> params = PipelineRunner.params(new Episode("e1", Path.of("/v.mp4")), started);
        assertThat(PipelineRunner.settingsOf(params, pipeline)).isEqualTo(started);
        assertThat(PipelineRunner.settingsOf(Map.of("min_face_quality", "2"), pipeline)).as("out of range")
                .isEqualTo(pipeline);
    }

    @Test
    void settingsOf_jobWithoutOrWithDamagedSettings_fallsBackToThePipelines() {
        assertThat(PipelineRunner.settingsOf(Map.of(), pipeline)).isEqualTo(pipeline);
        assertThat(PipelineRunner.settingsOf(Map.of("sample_fps", "fast"), pipeline)).isEqualTo(pipeline);
    }
}
