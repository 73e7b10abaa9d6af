package dev.facereel.core;

import dev.facereel.spi.FaceReelException;

/**
 * The worker's lease on its episode was taken over by another process (it was presumed dead). The worker
 * must stop and write nothing more.
 */
public class LeaseLostException extends FaceReelException {
    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }
}
