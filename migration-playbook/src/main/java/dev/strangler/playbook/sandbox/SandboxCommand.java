package dev.strangler.playbook.sandbox;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code strangler sandbox}: the local sandbox (PostgreSQL, Kafka, Kafka Connect, provider stand-ins, the legacy
 * monolith, the catalog service, the gateway) as plain processes.
 */
@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description = "Runs the legacy monolith locally, with its database and stand-ins for its payment and "
                + "notification providers, each as a background process; no containers needed.",
        subcommands = {UpCommand.class, StatusCommand.class, DownCommand.class},
        footer = {
            "",
            "Default ports: postgres 15432, monolith 9001, payment provider 9101, notification provider 9102 "
                    + "(see `strangler sandbox up --help` to change them)."
        })
public final class SandboxCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
