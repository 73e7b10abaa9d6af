package dev.facereel.core.internal.pipeline;

/** Receives a stage's frame-level progress between heartbeats. */
interface ProgressSink {
    void frames(long done, long total, long faces);
}
