package dev.strangler.playbook.cli;

import dev.strangler.cdc.plan.PlanException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command's failure prints and exits with: a rejected plan or a wrong argument found while running
 * ({@link PlanException}, {@link IllegalArgumentException}) prints its message and exits 2; anything else (an
 * unreachable system, a failed call) prints the command's name and the message and exits 1. Declared once on
 * the command line {@link CommandLines#create} builds, for every command under it.
 */
public final class CommandFailures implements IExecutionExceptionHandler {

    /** A rejected plan or a wrong argument found while running. */
    public static final int USAGE = 2;

    /** Anything else that failed while running. */
    public static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        if (ex instanceof PlanException || ex instanceof IllegalArgumentException) {
            commandLine.getErr().println(ex.getMessage());
            return USAGE;
        }
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        return FAILED;
    }
}
