package dev.facereel.examples;

import dev.facereel.examples.cli.FaceReelCli;
import dev.facereel.examples.web.ServeCommand;

/** The {@code facereel} jar's entry point: the command line's commands, then {@code serve}, the web workspace. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(FaceReelCli.commandLine(new ServeCommand()).execute(args));
    }
}
