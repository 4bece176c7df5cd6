package dev.strangler.playbook.cutover;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.gateway.api.CutoverRecord;
import dev.strangler.playbook.cli.ConnectOption;
import dev.strangler.playbook.cli.DurationConverter;
import dev.strangler.playbook.cli.PlanOptions;
import dev.strangler.playbook.route.GatewayAdminOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code strangler writes cutover|rollback|status}: moves the writes of routes to the service and back. */
@Command(
        name = "writes",
        mixinStandardHelpOptions = true,
        description =
                "Write cutover: hold the routes (draining what is in flight), barrier and hand the columns over, start the "
                        + "reverse stream, flip, release. And its rollback. Every step is recorded in the gateway first: run the same "
                        + "command again to finish one that stopped half way, the opposite one to undo it.",
        subcommands = {WritesCommand.Cutover.class, WritesCommand.Rollback.class, WritesCommand.Status.class})
public final class WritesCommand {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Fault tests set this (e.g. {@code cutover:handing-over:before}) to stop the command at a step,
     * recorded but not taken ({@code before}) or taken ({@code after}), or after an undo from it has put
     * everything back and released the routes ({@code undone}), so that it can be killed there. Several
     * points, comma-separated; {@code POINT=MILLIS} stops there for that long only.
     */
    static final String PAUSE_ENV = "STRANGLER_FAULT_PAUSE_AT";
    /** With {@link #PAUSE_ENV}: how long to stop there before going on (unset: until killed). */
    static final String PAUSE_MILLIS_ENV = "STRANGLER_FAULT_PAUSE_MILLIS";

    /**
     * A command that moves writes ({@code writes cutover}, {@code writes rollback}): after it ran, what it did,
     * as a value, for a caller that ran it through the same command line (the migration walk), so that it never
     * reads a number back from the printed text. Null when the run failed before an outcome, or has not run.
     */
    public interface MovesWrites {
        WriteCutover.Outcome outcome();
    }

    /** What every subcommand takes. */
    static final class Target {
        @Mixin
        PlanOptions plan;

        @Mixin
        ConnectOption connect;

        @Mixin
        GatewayAdminOptions gateway;

        @Option(
                names = "--route",
                required = true,
                paramLabel = "ID",
                description = "A gateway route whose writes move (repeatable).")
        List<String> routes;

        @Option(
                names = "--hold-limit",
                defaultValue = WriteCutover.Limits.DEFAULT_HOLD,
                converter = DurationConverter.class,
                description =
                        "The longest the gateway holds the routes' requests once it closes their gate, whatever happens "
                                + "(default ${DEFAULT-VALUE}); requests in flight then must finish within half of it.")
        Duration holdLimit;

        @Option(
                names = "--quiet-wait",
                defaultValue = WriteCutover.Limits.DEFAULT_QUIET_WAIT,
                converter = DurationConverter.class,
                description = "How long the gateway may wait, letting writes through, for a moment with none of the "
                        + "routes' requests in flight before it closes their gate (default ${DEFAULT-VALUE}): a write "
                        + "caught in flight must be waited out inside the hold. 0s closes at once.")
        Duration quietWait;

        @Option(
                names = "--stream-wait",
                defaultValue = WriteCutover.Limits.DEFAULT_STREAM_WAIT,
                converter = DurationConverter.class,
                description = "How long a check outside the hold waits for a stream to carry a marker (default "
                        + "${DEFAULT-VALUE}): that the stream the hold will wait for flows, that the new reverse "
                        + "stream carries the service's changes. No write waits on it.")
        Duration streamWait;

        @Option(names = "--json", description = "Print the outcome as JSON.")
        boolean json;

        @Option(
                names = "--outcome-file",
                paramLabel = "FILE",
                description = "Also write the outcome as JSON to FILE (replaced whole), for a caller that runs this "
                        + "command as a process of its own.")
        Path outcomeFile;
        /** The last run's outcome (picocli keeps one command object per command line, and resets only its options). */
        WriteCutover.Outcome outcome;

        /** The forward stream (--stream), the stream declared reverse-of it, and the routes. */
        WriteCutover.Target target(MigrationPlan p) {
            return WriteCutover.Target.of(p, plan.oneStream(p, "forward stream"), routes);
        }

        WriteCutover cutover(CommandLine.Model.CommandSpec spec) {
            return new WriteCutover(
                    gateway.client(plan.sandbox),
                    new CdcStreams(new ConnectClient(connect.url)),
                    spec.commandLine().getOut(),
                    pauseFromEnvironment(spec));
        }

        /** Runs the cutover or the rollback and prints its outcome. */
        int move(CommandLine.Model.CommandSpec spec, CutoverStep.Direction direction) throws Exception {
            outcome = null;
            WriteCutover.Target t = target(plan.read());
            WriteCutover moving = cutover(spec);
            WriteCutover.Outcome o = direction == CutoverStep.Direction.CUTOVER
                    ? moving.cutover(plan.plan.toString(), t, new WriteCutover.Limits(holdLimit, quietWait, streamWait))
                    : moving.rollback(t, new WriteCutover.Limits(holdLimit, quietWait, streamWait));
            outcome = o;
            if (outcomeFile != null) {
                Path tmp = outcomeFile.resolveSibling(outcomeFile.getFileName() + ".tmp");
                Files.createDirectories(outcomeFile.toAbsolutePath().getParent());
                Files.writeString(tmp, JSON.writeValueAsString(o));
                Files.move(tmp, outcomeFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            String where =
                    direction == CutoverStep.Direction.CUTOVER ? "cut over to the service" : "back with the monolith";
            spec.commandLine()
                    .getOut()
                    .println(
                            json
                                    ? JSON.writeValueAsString(o)
                                    : (o.settled() == null ? "" : o.settled() + "; ")
                                            + "writes of " + t.routes() + " " + where + ": held " + o.heldMillis()
                                            + " ms (drain " + o.drainMillis()
                                            + " ms, barrier " + o.barrierMillis() + " ms), " + o.requestsHeld()
                                            + " request(s) waited"
                                            + (o.columns().isEmpty() ? "" : "; the service owns " + o.columns())
                                            + (o.stepMillis().isEmpty()
                                                    ? ""
                                                    : "; steps "
                                                            + o.stepMillis().entrySet().stream()
                                                                    .map(e -> e.getKey() + " " + e.getValue() + " ms")
                                                                    .collect(Collectors.joining(", "))));
            return 0;
        }
    }

    static WriteCutover.Pause pauseFromEnvironment(CommandLine.Model.CommandSpec spec) {
        String at = System.getenv(PAUSE_ENV);
        if (at == null || at.isBlank()) {
            return WriteCutover.Pause.NONE;
        }
        String millis = System.getenv(PAUSE_MILLIS_ENV);
        long otherwise = millis == null || millis.isBlank() ? Long.MAX_VALUE : Long.parseLong(millis.strip());
        Map<String, Long> points = new LinkedHashMap<>();
        for (String point : at.split(",")) {
            String[] named = point.strip().split("=", 2);
            points.put(named[0], named.length == 2 ? Long.parseLong(named[1].strip()) : otherwise);
        }
        return (step, when) -> {
            String point = step.direction().wire() + ":" + step.wire() + ":" + when;
            Long pause = points.get(point);
            if (pause != null) {
                spec.commandLine().getOut().println("  paused at " + point + " (" + PAUSE_ENV + ")");
                spec.commandLine().getOut().flush();
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                spec.commandLine().getOut().println("  going on after " + pause + " ms (" + PAUSE_MILLIS_ENV + ")");
            }
        };
    }

    @Command(
            name = "cutover",
            mixinStandardHelpOptions = true,
            description = "Moves the routes' writes to the service.")
    static final class Cutover implements Callable<Integer>, MovesWrites {
        @Mixin
        Target target;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return target.move(spec, CutoverStep.Direction.CUTOVER);
        }

        @Override
        public WriteCutover.Outcome outcome() {
            return target.outcome;
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Moves the routes' writes back to the monolith.")
    static final class Rollback implements Callable<Integer>, MovesWrites {
        @Mixin
        Target target;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return target.move(spec, CutoverStep.Direction.ROLLBACK);
        }

        @Override
        public WriteCutover.Outcome outcome() {
            return target.outcome;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Where a write cutover or rollback stands: the step it recorded last, or that none is under way, and the "
                            + "routes' modes. Exit 0 when none is under way, 1 when one stopped half way (run it again to finish it).")
    static final class Status implements Callable<Integer> {
        @Mixin
        Target target;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            WriteCutover.Target t = target.target(target.plan.read());
            var admin = target.gateway.client(target.plan.sandbox);
            CutoverRecord record = admin.cutover(t.forward().name());
            Map<String, String> modes = new LinkedHashMap<>();
            t.routes().forEach(r -> modes.put(r, admin.route(r).mode()));
            var out = spec.commandLine().getOut();
            if (target.json) {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("underWay", record != null);
                status.put("record", record);
                status.put("modes", modes);
                out.println(JSON.writeValueAsString(status));
            } else if (record == null) {
                out.println("no write cutover of " + t.forward().name() + " under way; routes " + modes);
            } else {
                String direction = record.direction();
                String step = record.step();
                String what = step.equals(CutoverStep.UNDOING)
                        ? "undoing it"
                        : CutoverStep.parse(CutoverStep.Direction.parse(direction), step)
                                .what();
                out.println(direction + " of " + t.forward().name() + " stopped at step " + step + " (" + what
                        + "), recorded "
                        + record.updatedAt()
                        + (record.holding() ? "; its routes answer 503 until it is finished or undone" : "")
                        + "; routes " + modes);
                out.println("finish it: strangler writes " + direction + " ...   undo it: strangler writes "
                        + CutoverStep.Direction.parse(direction).opposite().wire() + " ...");
            }
            return record == null ? 0 : 1;
        }
    }
}
