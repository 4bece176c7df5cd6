package dev.strangler.playbook.discover;

import dev.strangler.playbook.discover.endpoints.Endpoint;
import dev.strangler.playbook.discover.endpoints.EndpointGroup;
import dev.strangler.playbook.discover.endpoints.GatewayRouteCheck;
import dev.strangler.playbook.discover.endpoints.RouteCheck;
import dev.strangler.playbook.discover.endpoints.RouteDraft;
import dev.strangler.playbook.discover.schema.Fix;
import dev.strangler.playbook.discover.schema.PlanDraft;
import dev.strangler.playbook.discover.schema.SchemaReport;
import dev.strangler.playbook.sandbox.SandboxSettings;
import dev.strangler.playbook.sandbox.StranglerHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code strangler discover}: drafts, from what a monolith already has, the two files a migration starts from.
 * From traffic ({@code --recording}, {@code --openapi}): the endpoints with their volume, latency and errors, and a
 * route file with every route on the monolith, checked by the gateway itself. From the database
 * ({@code --database}): the tables in foreign-key order, and a CDC plan with what must be fixed before it applies.
 */
@Command(
        name = "discover",
        mixinStandardHelpOptions = true,
        description = {
            "Drafts a route file from recorded traffic or an OpenAPI document, or a CDC plan from a database schema.",
            "Both drafts are starting points a person edits; they say so at the top.",
            "  strangler discover --recording DIR [--openapi FILE|URL] --monolith-url URL [--out routes.draft.yaml]",
            "  strangler discover --database JDBC_URL --tables 'public.*' [--target-url JDBC_URL] [--out plan.draft.yaml]"
        })
public final class DiscoverCommand implements Callable<Integer> {

    static final String ROUTES_DEFAULT = "routes.draft.yaml";
    static final String PLAN_DEFAULT = "plan.draft.yaml";

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Mixin
    EndpointDiscovery endpoints;

    @Mixin
    SchemaDiscovery schema;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where to write the draft (default " + ROUTES_DEFAULT + " or " + PLAN_DEFAULT + ").")
    Path out;

    @Option(names = "--force", description = "Overwrite --out if it exists (a draft a person has started to edit).")
    boolean force;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final UnaryOperator<String> environment;

    public DiscoverCommand() {
        this(System::getenv);
    }

    /** With the environment the password variables are read from (tests give theirs). */
    public DiscoverCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** What {@code --json} prints for endpoints. */
    public record EndpointReport(String draft, RouteCheck check, List<EndpointGroup> groups) {}

    @Override
    public Integer call() throws Exception {
        boolean fromTraffic = endpoints.requested();
        boolean fromSchema = schema.database != null;
        if (fromTraffic == fromSchema) {
            throw new IllegalArgumentException("discover needs either --recording and/or --openapi (endpoints, a draft "
                    + "route file) or --database (schema, a draft CDC plan); "
                    + (fromTraffic ? "both were given: run it twice" : "none was given"));
        }
        return fromTraffic ? endpoints() : schema();
    }

    private int endpoints() {
        List<EndpointGroup> groups = endpoints.groups();
        PrintWriter o = spec.commandLine().getOut();
        if (endpoints.monolithUrl == null) {
            if (json) {
                o.println(JSON.writeValueAsString(new EndpointReport(null, null, groups)));
            } else {
                printEndpoints(o, groups);
                o.println("no draft route file written: give --monolith-url, the URL the gateway sends requests to");
            }
            return 0;
        }
        Path file = target(ROUTES_DEFAULT);
        String draft = RouteDraft.yaml(endpoints.monolithUrl, groups, endpoints.sources());
        write(file, draft);
        RouteCheck check = new GatewayRouteCheck(gatewayJar()).check(file);
        write(file, check.headerLine() + "\n" + draft);
        if (json) {
            o.println(JSON.writeValueAsString(new EndpointReport(file.toString(), check, groups)));
        } else {
            printEndpoints(o, groups);
            o.println("draft route file: " + file + ": " + check.headerLine().substring(2));
        }
        return check.status() == RouteCheck.Status.INVALID ? 1 : 0;
    }

    private int schema() throws Exception {
        PlanDraft draft = schema.draft(environment);
        Path file = target(PLAN_DEFAULT);
        write(file, draft.yaml());
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(JSON.writeValueAsString(SchemaReport.of(file.toString(), draft)));
            return 0;
        }
        o.println("tables in foreign-key order (parents first):");
        for (int i = 0; i < draft.tables().size(); i++) {
            var t = draft.tables().get(i);
            o.println("  " + (i + 1) + ". " + t.source().qualifiedName()
                    + (t.included() ? " key " + t.key() : " (left out: " + t.leftOutBecause() + ")"));
        }
        for (Fix.Stage stage : Fix.Stage.values()) {
            List<Fix> some = draft.fixes(stage);
            o.println(stage.heading() + " (" + some.size() + ")" + (some.isEmpty() ? ": nothing" : ":"));
            some.forEach(f -> o.println("  - " + f.line()));
        }
        o.println("draft plan: " + file);
        return 0;
    }

    private Path gatewayJar() {
        return endpoints.gatewayJar != null
                ? endpoints.gatewayJar
                : SandboxSettings.defaults(StranglerHome.resolve()).gatewayJar();
    }

    private Path target(String defaultName) {
        Path file = out != null ? out : Path.of(defaultName);
        if (Files.exists(file) && !force) {
            throw new IllegalArgumentException(file + " exists (a draft someone may have edited): give another --out, "
                    + "or --force to overwrite it");
        }
        return file;
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void printEndpoints(PrintWriter o, List<EndpointGroup> groups) {
        for (EndpointGroup g : groups) {
            o.println(g.pattern() + " (" + g.volume() + " requests)");
            for (Endpoint e : g.endpoints()) {
                o.println("  " + RouteDraft.describe(e));
            }
        }
    }
}
