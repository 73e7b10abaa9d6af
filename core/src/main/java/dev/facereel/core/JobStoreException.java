package dev.facereel.core;

import dev.facereel.spi.FaceReelException;

/** Job state could not be read or written: an I/O failure, or a state file that is corrupt. */
public class JobStoreException extends FaceReelException {
    private static final long serialVersionUID = 1L;

    public JobStoreException(String message) {
        super(message);
    }

    public JobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
