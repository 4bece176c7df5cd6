package dev.strangler.playbook.cli;

import picocli.CommandLine;

/** Builds every command line of the playbook, the program's and the tests' alike, with the same plumbing. */
public final class CommandLines {

    private CommandLines() {}

    /** A command line for {@code command} and its subcommands, failures handled by {@link CommandFailures}. */
    public static CommandLine create(Object command) {
        return new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new CommandFailures());
    }
}
