package dev.facereel.core;

import dev.facereel.spi.FaceReelException;

/** The job was canceled on request; its outputs up to the last checkpoint are kept. */
public class JobCanceledException extends FaceReelException {
    private static final long serialVersionUID = 1L;

    public JobCanceledException(String message) {
        super(message);
    }
}
