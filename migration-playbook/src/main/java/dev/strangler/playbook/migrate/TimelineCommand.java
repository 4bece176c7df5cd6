package dev.strangler.playbook.migrate;

import dev.strangler.gateway.api.AuditEntry;
import dev.strangler.playbook.cli.DurationConverter;
import dev.strangler.playbook.cli.SandboxDirOption;
import dev.strangler.playbook.route.GatewayAdminOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code strangler timeline}: one migration timeline, oldest first, from the two places that keep its parts: the
 * gateway's audit log (every route change, hold, release and write-cutover step, whoever made it) and the
 * progress of {@code strangler migrate} (steps, gate results, rollbacks). Each line says which one it came from.
 */
@Command(
        name = "timeline",
        mixinStandardHelpOptions = true,
        description = {
            "The migration's timeline, oldest first: the gateway's audit log (route changes, holds, write-cutover "
                    + "steps, by whom and why) merged with `strangler migrate`'s steps, gate results and rollbacks."
        })
public final class TimelineCommand implements Callable<Integer> {

    /** Where a line came from. */
    public enum Source {
        GATEWAY,
        MIGRATE
    }

    /** One line of the merged timeline. */
    public record Line(Instant time, Source source, String what, String detail) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Mixin
    GatewayAdminOptions gateway;

    @Mixin
    SandboxDirOption sandbox;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Where `strangler migrate` keeps its progress (default: <sandbox dir>/migrate).")
    Path stateDir;

    @Option(
            names = "--since",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Only what happened within this long before now (e.g. 30m, 2h; default: everything kept).")
    Duration since;

    @Option(
            names = "--gateway-entries",
            paramLabel = "N",
            defaultValue = "10000",
            description = "The newest N entries of the gateway's audit log (default ${DEFAULT-VALUE}, its most).")
    int gatewayEntries;

    @Option(names = "--no-gateway", description = "Only the migrate timeline (the gateway is not asked).")
    boolean noGateway;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<AuditEntry> audit = noGateway ? List.of() : gateway.client(sandbox).audit(gatewayEntries);
        List<MigrateState.Event> events =
                MigrateState.load(stateDir, sandbox.stateDir()).timeline();
        PrintWriter out = spec.commandLine().getOut();
        for (Line line :
                merge(audit, events, since == null ? null : Instant.now().minus(since))) {
            out.println(json ? JSON.writeValueAsString(line) : text(line));
        }
        return 0;
    }

    /**
     * Both logs in one, by time (a gateway entry before a migrate event of the same instant: the gateway acted, then
     * migrate recorded it); only what happened at or after {@code from} when it is given.
     */
    static List<Line> merge(List<AuditEntry> audit, List<MigrateState.Event> events, Instant from) {
        List<Line> lines = new ArrayList<>();
        for (AuditEntry e : audit) {
            String change = e.from() == null && e.to() == null ? "" : ": " + e.from() + " -> " + e.to();
            lines.add(new Line(
                    e.time(),
                    Source.GATEWAY,
                    e.route() + change,
                    "by " + e.who() + " (" + e.source() + ")" + (e.reason() == null ? "" : ": " + e.reason())));
        }
        for (MigrateState.Event e : events) {
            lines.add(new Line(
                    e.time(),
                    Source.MIGRATE,
                    e.feature() + (e.step() == null ? "" : " [" + e.step() + "]") + " " + e.event(),
                    e.detail()));
        }
        return lines.stream()
                .filter(l -> from == null || !l.time().isBefore(from))
                .sorted(Comparator.comparing(Line::time).thenComparing(Line::source))
                .toList();
    }

    static String text(Line line) {
        return line.time() + " " + (line.source() == Source.GATEWAY ? "gateway" : "migrate") + " " + line.what()
                + (line.detail() == null || line.detail().isEmpty() ? "" : " | " + line.detail());
    }
}
