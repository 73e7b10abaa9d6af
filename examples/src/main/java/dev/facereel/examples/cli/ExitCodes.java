package dev.facereel.examples.cli;

/** The command line's exit codes, part of its contract with scripts. */
final class ExitCodes {
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int ALREADY_RUNNING = 3;
    static final int INVALID_INPUT = 4;
    static final int CANCELED = 5;
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
