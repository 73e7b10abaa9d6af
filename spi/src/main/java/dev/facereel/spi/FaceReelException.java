package dev.facereel.spi;

/**
 * Root of every exception FaceReel throws. Unchecked; each failure area has its own subclass,
 * so a host application can catch exactly what it can handle.
 */
public class FaceReelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FaceReelException(String message) {
        super(message);
    }

    public FaceReelException(String message, Throwable cause) {
        super(message, cause);
    }
}
