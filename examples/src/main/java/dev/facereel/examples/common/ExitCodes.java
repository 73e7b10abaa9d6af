package dev.facereel.examples.common;

/** The command line's exit codes, part of its contract with scripts (and with the workspace's worker processes). */
public final class ExitCodes {
    public static final int DONE = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int ALREADY_RUNNING = 3;
    public static final int INVALID_INPUT = 4;
    public static final int CANCELED = 5;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
