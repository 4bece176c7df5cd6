package dev.strangler.playbook;

import dev.strangler.playbook.cdc.CdcCommand;
import dev.strangler.playbook.cdc.VerifyCommand;
import dev.strangler.playbook.check.BenchCommand;
import dev.strangler.playbook.cli.CommandLines;
import dev.strangler.playbook.contract.ContractCommand;
import dev.strangler.playbook.cutover.WritesCommand;
import dev.strangler.playbook.discover.DiscoverCommand;
import dev.strangler.playbook.migrate.MigrateCommand;
import dev.strangler.playbook.migrate.TimelineCommand;
import dev.strangler.playbook.record.RecordCommand;
import dev.strangler.playbook.replay.ReplayCommand;
import dev.strangler.playbook.replay.StubsCommand;
import dev.strangler.playbook.route.RouteCommand;
import dev.strangler.playbook.sandbox.SandboxCommand;
import dev.strangler.playbook.tour.TourCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code strangler} command line: the entry point of the playbook. It lists the command groups, so it
 * lives above them, outside {@code cli}, which holds the plumbing they use.
 */
@Command(
        name = "strangler",
        mixinStandardHelpOptions = true,
        version = "strangler 0.1.0-SNAPSHOT",
        description =
                "Strangler-fig migration toolkit: run the local sandbox, check the mobile contract, drive a migration.",
        subcommands = {
            TourCommand.class,
            SandboxCommand.class,
            ContractCommand.class,
            ReplayCommand.class,
            StubsCommand.class,
            RouteCommand.class,
            RecordCommand.class,
            CdcCommand.class,
            VerifyCommand.class,
            WritesCommand.class,
            MigrateCommand.class,
            TimelineCommand.class,
            BenchCommand.class,
            DiscoverCommand.class,
            CommandLine.HelpCommand.class
        })
public final class StranglerCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The {@code strangler} command line, as the program and the tests run it: the one place it is built. */
    public static CommandLine commandLine() {
        return CommandLines.create(new StranglerCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
