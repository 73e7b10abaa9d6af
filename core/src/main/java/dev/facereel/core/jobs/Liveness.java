package dev.facereel.core.jobs;

/** What a job's owner looks like from outside. */
public enum Liveness {
    /** Heartbeats arrive and progress moves. */
    ALIVE,
    /** Heartbeats arrive but progress has not moved for {@code noProgressAfter}. */
    STALLED,
    /** The owner process is gone, or its heartbeat is older than {@code stallAfter}. Resumable. */
    DEAD,
    /** The job has ended; nobody owns it. */
    FINISHED
}
