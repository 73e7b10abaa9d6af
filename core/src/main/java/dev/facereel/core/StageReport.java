package dev.facereel.core;

/**
 * The state of one stage of an episode: its status, the job that last touched it (null if none), its progress,
 * the age of that job's last heartbeat in seconds (-1 when not running), the owner's pid (-1 when none) and a
 * message (the error, the reason a job is dead, or null).
 */
public record StageReport(Stage stage, StageStatus status, String jobId, double pct, double heartbeatAgeSeconds,
                          long ownerPid, String message) {
}
