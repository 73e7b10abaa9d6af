package dev.facereel.core;

import java.time.Instant;

/**
 * One progress report of a job. {@code overallPct} maps each stage into its sub-range of the job (detect 0–0.50,
 * track 0.50–0.70, stills 0.70–0.75, cluster 0.75–0.95, name 0.95–1.0, rescaled when the job stops earlier);
 * {@code stagePct} is the stage's own; {@code faces} counts the faces found so far by detect (0 in other stages). {@code status} is {@code starting}, {@code running}, {@code succeeded}, {@code skipped},
 * {@code failed} or {@code canceled}.
 */
public record ProgressEvent(String jobId, Stage stage, int stepIndex, int totalSteps, String status, String message,
                            double overallPct, double stagePct, long framesDone, long framesTotal, long faces, long heartbeatSeq,
                            Instant at) {
}
