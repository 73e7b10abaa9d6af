package dev.facereel.core.internal.stage;

/** Receives a stage's frame-level progress between heartbeats. */
public interface ProgressSink {
    void frames(long done, long total, long faces);
}
