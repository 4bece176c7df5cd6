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
            commandLine.getErr().println(said(ex));
            return USAGE;
        }
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + said(ex));
        return FAILED;
    }

    /**
     * The failure's message; for one without a message (a NullPointerException, say) its kind and where it was
     * thrown, rather than "null".
     */
    private static String said(Exception ex) {
        if (ex.getMessage() != null && !ex.getMessage().isBlank()) {
            return ex.getMessage();
        }
        StackTraceElement[] at = ex.getStackTrace();
        return ex.getClass().getSimpleName() + (at.length == 0 ? "" : " at " + at[0]) + " (a bug: please report it)";
    }
}
