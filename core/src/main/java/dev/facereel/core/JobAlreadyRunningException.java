package dev.facereel.core;

import dev.facereel.spi.FaceReelException;

/** A live job already owns the episode; no second job was created. */
public class JobAlreadyRunningException extends FaceReelException {
    private static final long serialVersionUID = 1L;
    private final String jobId;
    private final String owner;

    public JobAlreadyRunningException(String episode, String jobId, String owner) {
        super("episode '" + episode + "' already has a running job " + jobId + " (owner " + owner
                + "); attach to it, wait for it, or cancel it");
        this.jobId = jobId;
        this.owner = owner;
    }

    /** The id of the running job. */
    public String jobId() {
        return jobId;
    }

    /** Who runs it, e.g. {@code pid 4242 on host-a}. */
    public String owner() {
        return owner;
    }
}
