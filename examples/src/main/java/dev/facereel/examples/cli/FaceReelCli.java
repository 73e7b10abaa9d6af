package dev.facereel.examples.cli;

import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobCanceledException;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.examples.common.UsageException;
import dev.facereel.spi.InvalidInputException;
import dev.facereel.spi.NoSuchProviderException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code facereel} command: analyse an episode, watch, cancel or resume its job, and report on it; name its
 * people and correct its identities, keep a show's cast, export an episode or a season; or queue episodes in
 * PostgreSQL for workers on several hosts.
 */
@Command(name = "facereel", mixinStandardHelpOptions = true, version = "facereel 0.1.0",
        description = "Turns a video episode into the people in it, as durable jobs.",
        subcommands = {AnalyzeCommand.class, StatusCommand.class, CancelCommand.class, ResumeCommand.class,
                ReportCommand.class, SubmitCommand.class, WorkerCommand.class, NameCommand.class,
                UnnameCommand.class, MergeCommand.class, MoveCommand.class, CastCommand.class, ExportCommand.class,
                SeasonCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the job failed", "2:usage error or invalid episode id",
                "3:a job runs for this episode elsewhere", "4:invalid input (video, model, photo, name, identity or track)",
                "5:canceled by 'facereel cancel'", "130:interrupted (Ctrl-C)"})
public final class FaceReelCli {
    private FaceReelCli() {
    }

    /**
     * The command line, with {@code more} subcommands (such as {@code serve}) after its own; every failure ends in
     * one line on stderr and the documented exit code.
     */
    public static CommandLine commandLine(Object... more) {
        CommandLine cli = new CommandLine(new FaceReelCli());
        for (Object command : more) {
            cli.addSubcommand(command);
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(commandLine.getErr(), e));
        cli.setParameterExceptionHandler((e, args1) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("facereel: " + e.getMessage());
            err.println("Try 'facereel " + e.getCommandLine().getCommandName() + " --help'.");
            return ExitCodes.USAGE;
        });
        return cli;
    }

    /** One line naming what went wrong, and the documented exit code. */
    static int report(PrintWriter err, Exception e) {
        err.println("facereel: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        err.flush();
        if (e instanceof UsageException || e instanceof NoSuchProviderException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof JobAlreadyRunningException) {
            return ExitCodes.ALREADY_RUNNING;
        }
        if (e instanceof InvalidInputException) {
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof JobCanceledException) {
            return ExitCodes.CANCELED;
        }
        return ExitCodes.FAILED;
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
