package dev.facereel.examples.cli;

import dev.facereel.examples.common.UsageException;
import dev.facereel.spi.InvalidInputException;

/** Checks shared by the commands. */
final class Commands {
    private Commands() {
    }

    /** An episode id that cannot be a key is a usage error (exit 2), not bad input. */
    static void requireKey(DataOptions options) {
        try {
            options.key();
        } catch (InvalidInputException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
