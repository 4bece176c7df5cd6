package dev.strangler.playbook.cutover;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.playbook.cdc.CdcCommand;
import dev.strangler.playbook.cdc.PlanOptions;
import dev.strangler.playbook.route.GatewayAdminOptions;

/** {@code strangler writes cutover|rollback}: moves the writes of routes to the service and back. */
@Command(name = "writes", mixinStandardHelpOptions = true,
        description = "Write cutover: hold the routes, barrier and hand the columns over, start the reverse stream, flip, release. "
                + "And its rollback.",
        subcommands = {WritesCommand.Cutover.class, WritesCommand.Rollback.class})
public final class WritesCommand {

    /** What both subcommands take. */
    static final class Target {
        @Mixin
        PlanOptions plan;
        @Mixin
        CdcCommand.ConnectOption connect;
        @Mixin
        GatewayAdminOptions gateway;
        @Option(names = "--route", required = true, paramLabel = "ID", description = "A gateway route whose writes move (repeatable).")
        List<String> routes;
        @Option(names = "--hold-limit", defaultValue = "10s", converter = CdcCommand.DurationConverter.class,
                description = "The longest the gateway holds the routes' requests, whatever happens (default ${DEFAULT-VALUE}).")
        Duration holdLimit;

        /** The forward stream (--stream) and the stream declared reverse-of it. */
        MigrationPlan.Stream[] streams(MigrationPlan p) {
            if (plan.stream == null) {
                throw new IllegalArgumentException("name the forward stream with --stream");
            }
            MigrationPlan.Stream forward = plan.streams(p).get(0);
            MigrationPlan.Stream reverse = p.streams().stream().filter(s -> forward.name().equals(s.reverseOf())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the plan declares no stream with reverse-of: " + forward.name()));
            return new MigrationPlan.Stream[] {forward, reverse};
        }

        WriteCutover cutover(CommandLine.Model.CommandSpec spec) {
            return new WriteCutover(gateway.client(), new CdcStreams(new ConnectClient(connect.url)), spec.commandLine().getOut());
        }
    }

    @Command(name = "cutover", mixinStandardHelpOptions = true, description = "Moves the routes' writes to the service.")
    static final class Cutover implements Callable<Integer> {
        @Mixin
        Target target;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return CdcCommand.guarded(spec, () -> {
                MigrationPlan p = target.plan.read();
                MigrationPlan.Stream[] s = target.streams(p);
                WriteCutover.Outcome o = target.cutover(spec).cutover(target.plan.plan.toString(), s[0], s[1], target.routes, target.holdLimit);
                spec.commandLine().getOut().println("writes of " + target.routes + " cut over to the service: held " + o.heldMillis()
                        + " ms (barrier " + o.barrierMillis() + " ms), " + o.requestsHeld() + " request(s) waited; the service owns "
                        + o.columns());
                return 0;
            });
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Moves the routes' writes back to the monolith.")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        Target target;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return CdcCommand.guarded(spec, () -> {
                MigrationPlan p = target.plan.read();
                MigrationPlan.Stream[] s = target.streams(p);
                WriteCutover.Outcome o = target.cutover(spec).rollback(s[0], s[1], target.routes, target.holdLimit);
                spec.commandLine().getOut().println("writes of " + target.routes + " back with the monolith: held " + o.heldMillis()
                        + " ms, " + o.requestsHeld() + " request(s) waited");
                return 0;
            });
        }
    }
}
