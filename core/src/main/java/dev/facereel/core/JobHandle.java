package dev.facereel.core;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A running (or finished) job, in this process or another. Thread-safe.
 */
public interface JobHandle {
    String jobId();

    /** Registers a listener for progress events; it also receives the latest event at once, if any. */
    void onProgress(Consumer<ProgressEvent> listener);

    /** The latest progress event, if one has been seen. */
    Optional<ProgressEvent> latest();

    /**
     * Waits for the job to end.
     *
     * @throws JobCanceledException when the job was canceled
     * @throws dev.facereel.spi.FaceReelException with the job's error when it failed
     */
    void await() throws InterruptedException;

    /** Waits at most {@code timeout}; true if the job ended (however it ended). */
    boolean await(Duration timeout) throws InterruptedException;

    /** Requests cancellation; the worker stops within one heartbeat interval. */
    void cancel();
}
