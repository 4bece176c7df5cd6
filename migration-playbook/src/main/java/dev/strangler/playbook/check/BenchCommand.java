package dev.strangler.playbook.check;

import dev.strangler.playbook.cli.DurationConverter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strangler bench}: checks and benchmarks run by the scripts in {@code migration-playbook/bench}; hidden from the help. */
@Command(
        name = "bench",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Benchmarks and checks behind migration-playbook/bench.",
        subcommands = {BenchCommand.CutoverCheckCommand.class})
public final class BenchCommand {

    @Command(
            name = "cutover-check",
            mixinStandardHelpOptions = true,
            description =
                    "Writers with unique values through the gateway while write cutovers and rollbacks run (optionally with faults); "
                            + "then both databases are checked against the history. Exit 0 only when nothing was lost, no read was stale "
                            + "and parity is exact.")
    static final class CutoverCheckCommand implements Callable<Integer> {
        @Option(
                names = "--gateway",
                required = true,
                description = "Where the writers send requests (the gateway or its load balancer).")
        URI gateway;

        @Option(names = "--gateway-admin", required = true)
        URI gatewayAdmin;

        @Option(
                names = "--replica-admin",
                description = "The admin API of another gateway replica behind --gateway (repeat for each): "
                        + "hold times are read from every replica's audit log.")
        List<URI> replicaAdmins = new ArrayList<>();

        @Option(names = "--connect", required = true)
        URI connect;

        @Option(names = "--plan", required = true)
        Path plan;

        @Option(names = "--sandbox-dir", required = true)
        Path sandboxDir;

        @Option(
                names = "--replicas",
                defaultValue = "1",
                description = "Gateway replicas behind --gateway (reported only).")
        int replicas;

        @Option(names = "--writers", defaultValue = "4")
        int writers;

        @Option(names = "--rows", defaultValue = "6")
        int rows;

        @Option(names = "--cycles", defaultValue = "3")
        int cycles;

        @Option(names = "--slow-share", defaultValue = "0.1")
        double slowShare;

        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Option(names = "--pause", defaultValue = "2s", converter = DurationConverter.class)
        Duration pause;

        @Option(names = "--max-duration", defaultValue = "30m", converter = DurationConverter.class)
        Duration maxDuration;

        @Option(
                names = "--faults",
                split = ",",
                converter = FaultName.class,
                description = "Any of command, gateway, connect (comma-separated), one per cycle in turn.")
        List<CutoverCheckSettings.Fault> faults = new ArrayList<>();

        @Option(
                names = "--fault-hook",
                description = "A program run with the fault's name (gateway, connect) that kills and restarts it.")
        Path faultHook;

        @Option(names = "--history", description = "The history file (JSON lines).")
        Path history;

        @Option(names = "--read-your-writes", defaultValue = "2500ms", converter = DurationConverter.class)
        Duration readYourWrites;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            CutoverCheckSettings settings = new CutoverCheckSettings(
                    gateway,
                    gatewayAdmin,
                    replicaAdmins,
                    connect,
                    plan,
                    sandboxDir,
                    replicas,
                    writers,
                    rows,
                    cycles,
                    slowShare,
                    seed,
                    pause,
                    maxDuration,
                    faults,
                    faultHook == null ? List.of() : List.of(faultHook.toString()),
                    null,
                    history == null ? CutoverCheck.defaultHistory(sandboxDir) : history,
                    readYourWrites);
            CutoverCheck.Result result = new CutoverCheck(settings).run();
            result.report(spec.commandLine().getOut());
            return result.passed() ? 0 : 1;
        }
    }

    /** {@code command}, {@code gateway}, {@code connect}, as the bench script's FAULTS spells them. */
    static final class FaultName implements CommandLine.ITypeConverter<CutoverCheckSettings.Fault> {
        @Override
        public CutoverCheckSettings.Fault convert(String value) {
            try {
                return CutoverCheckSettings.Fault.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "unknown fault '" + value + "': use command, gateway or connect");
            }
        }
    }
}
