package dev.facereel.spi;

import java.util.List;

/** No detector or embedder provider with the requested name is on the class path. */
public class NoSuchProviderException extends FaceReelException {
    private static final long serialVersionUID = 1L;
    private final String requested;
    private final List<String> available;

    public NoSuchProviderException(String message, String requested, List<String> available) {
        super(message);
        this.requested = requested;
        this.available = List.copyOf(available);
    }

    /** The name that was asked for. */
    public String requested() {
        return requested;
    }

    /** The names that are available, sorted. */
    public List<String> available() {
        return available;
    }
}
