package dev.strangler.playbook.route;

import dev.strangler.gateway.api.RouteCounters;
import dev.strangler.gateway.api.RouteView;
import dev.strangler.playbook.cli.SandboxDirOption;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strangler route list|set}: the gateway's routes and their modes, through its admin API. */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        description =
                "The gateway's routes: list them with their live mode and counters, or move one (monolith, shadow, canary N%%, service).",
        subcommands = {RouteCommand.ListRoutes.class, RouteCommand.Set.class})
public final class RouteCommand {

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Every route with its live mode and counters.")
    static final class ListRoutes implements Callable<Integer> {
        @Mixin
        GatewayAdminOptions gateway;

        @Mixin
        SandboxDirOption sandbox;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            for (RouteView r : gateway.client(sandbox).routes()) {
                out.println(line(r));
            }
            return 0;
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Moves a route: the gateway applies it at once and audits it.")
    static final class Set implements Callable<Integer> {
        @Mixin
        GatewayAdminOptions gateway;

        @Mixin
        SandboxDirOption sandbox;

        @Parameters(index = "0", paramLabel = "ROUTE", description = "The route's id.")
        String route;

        @Option(
                names = "--mode",
                required = true,
                converter = ModeConverter.class,
                description = "monolith, shadow, canary or service.")
        RouteMode mode;

        @Option(names = "--percent", description = "For canary: the share of callers the service gets (0..100).")
        Double percent;

        @Option(names = "--reason", required = true, description = "Why: it goes into the gateway's audit log.")
        String reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println(line(gateway.client(sandbox).setMode(route, mode, percent, reason)));
            return 0;
        }
    }

    static String line(RouteView r) {
        RouteCounters c = r.counters();
        return r.id() + ": " + r.mode() + (RouteMode.CANARY.equals(RouteMode.of(r)) ? " " + r.percent() + "%" : "")
                + " (monolith " + c.monolith() + ", service " + c.service() + ", shadow mismatches "
                + c.shadowMismatches() + " of " + (c.shadowMatches() + c.shadowMismatches())
                + ", fallbacks " + c.fallbacks() + ")";
    }

    /** Any mode: the gateway says which it knows. */
    static final class ModeConverter implements CommandLine.ITypeConverter<RouteMode> {
        @Override
        public RouteMode convert(String value) {
            return new RouteMode(value);
        }
    }
}
