package dev.facereel.spi;

/**
 * Something the caller supplied is unusable: a video, a model file, an episode id or a setting.
 * The message names the culprit and says what was expected.
 */
public class InvalidInputException extends FaceReelException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
