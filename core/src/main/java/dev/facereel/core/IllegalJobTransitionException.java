package dev.facereel.core;

import dev.facereel.spi.FaceReelException;

/** A job or stage status change that the transition table does not allow. */
public class IllegalJobTransitionException extends FaceReelException {
    private static final long serialVersionUID = 1L;

    public IllegalJobTransitionException(String what, Object from, Object to) {
        super("illegal status change for " + what + ": " + from + " -> " + to);
    }
}
