package dev.facereel.examples.common;

/** A usage error found after parsing, such as an episode id that cannot be a key: exit {@link ExitCodes#USAGE}. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
