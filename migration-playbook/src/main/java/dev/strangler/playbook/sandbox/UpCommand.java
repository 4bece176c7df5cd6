package dev.strangler.playbook.sandbox;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strangler sandbox up}. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the sandbox in the background and waits until every part is healthy.",
            "Starts PostgreSQL, the payment and notification provider stand-ins and the legacy monolith, each as a "
                    + "detached process, and prints where each one is. Does nothing when the sandbox already runs.",
            "Starts on the data an earlier run kept (`down` keeps it), and says so: the streams (Kafka Connect connectors) "
                    + "that came back and the kept catalog's size. `sandbox down --wipe` makes the next `up` start clean."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the sandbox runs (started now or already running)",
            "1:a port is taken, the monolith jar is missing, a part failed to start, an old sandbox is half running, "
                    + "or --products asks for another size than the kept (or running) catalog has"
        })
final class UpCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StateDirOption stateDir;

    @Option(
            names = "--postgres-port",
            paramLabel = "PORT",
            defaultValue = "${env:STRANGLER_POSTGRES_PORT:-15432}",
            description = "PostgreSQL port (env STRANGLER_POSTGRES_PORT; default ${DEFAULT-VALUE}).")
    int postgresPort;

    @Option(
            names = "--monolith-port",
            paramLabel = "PORT",
            defaultValue = "${env:STRANGLER_MONOLITH_PORT:-9001}",
            description = "Legacy monolith HTTP port (env STRANGLER_MONOLITH_PORT; default ${DEFAULT-VALUE}).")
    int monolithPort;

    @Option(
            names = "--payment-port",
            paramLabel = "PORT",
            defaultValue = "${env:STRANGLER_PAYMENT_PORT:-9101}",
            description = "Payment provider stand-in port (env STRANGLER_PAYMENT_PORT; default ${DEFAULT-VALUE}).")
    int paymentPort;

    @Option(
            names = "--notification-port",
            paramLabel = "PORT",
            defaultValue = "${env:STRANGLER_NOTIFICATION_PORT:-9102}",
            description =
                    "Notification provider stand-in port (env STRANGLER_NOTIFICATION_PORT; default ${DEFAULT-VALUE}).")
    int notificationPort;

    @Option(
            names = "--gateway-port",
            paramLabel = "PORT",
            defaultValue = "${env:STRANGLER_GATEWAY_PORT:-8080}",
            description =
                    "Strangler gateway port, the one the app talks to (env STRANGLER_GATEWAY_PORT; default ${DEFAULT-VALUE}).")
    int gatewayPort;

    @Option(
            names = "--gateway-admin-port",
            paramLabel = "PORT",
            defaultValue = "${env:STRANGLER_GATEWAY_ADMIN_PORT:-9081}",
            description =
                    "Gateway admin API port; its metrics listen on the next port (env STRANGLER_GATEWAY_ADMIN_PORT; "
                            + "default ${DEFAULT-VALUE}).")
    int gatewayAdminPort;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "${env:STRANGLER_KAFKA_PORT:-9092}",
            description =
                    "Kafka broker port; its controller listens on the next port (env STRANGLER_KAFKA_PORT; default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--connect-port",
            paramLabel = "PORT",
            defaultValue = "${env:STRANGLER_CONNECT_PORT:-8083}",
            description = "Kafka Connect REST port (env STRANGLER_CONNECT_PORT; default ${DEFAULT-VALUE}).")
    int connectPort;

    @Option(
            names = "--catalog-port",
            paramLabel = "PORT",
            defaultValue = "${env:STRANGLER_CATALOG_PORT:-9002}",
            description = "Catalog service HTTP port (env STRANGLER_CATALOG_PORT; default ${DEFAULT-VALUE}).")
    int catalogPort;

    @Option(
            names = "--identity-port",
            paramLabel = "PORT",
            defaultValue = "${env:STRANGLER_IDENTITY_PORT:-9003}",
            description = "Identity service HTTP port (env STRANGLER_IDENTITY_PORT; default ${DEFAULT-VALUE}).")
    int identityPort;

    @Option(
            names = "--products",
            paramLabel = "N",
            defaultValue = "200",
            description = {
                "Products the monolith seeds into an empty catalog (default ${DEFAULT-VALUE}).",
                "A database kept from an earlier run keeps its catalog; given explicitly, N must match it, else `up` "
                        + "refuses (wipe the data with `sandbox down --wipe` to reseed)."
            })
    int products;

    @Option(
            names = "--infra-only",
            description = {
                "Start only PostgreSQL, Kafka and Kafka Connect: the pipeline next to a monolith of your own, without the "
                        + "reference monolith, services and provider stand-ins.",
                "The reference databases and streams are not created; your plan (`strangler cdc apply --plan`) says "
                        + "what to move."
            })
    boolean infraOnly;

    @Option(
            names = "--monolith-url",
            paramLabel = "URL",
            description = "With --infra-only: start the gateway too, in front of this monolith (e.g. "
                    + "http://127.0.0.1:8080/app), every request passed through until routes say otherwise.")
    URI monolithUrl;

    @Option(
            names = "--no-class-data",
            description = {
                "Start the Spring Boot parts from their jars, without class-data-sharing archives, and make none.",
                "By default a part whose jar has an archive (in migration-playbook/.class-data, made by an earlier `up` "
                        + "from this build of the jar) starts from it, faster; a missing or stale one is made once the "
                        + "sandbox is up, and `up` says so."
            })
    boolean noClassData;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SandboxSettings settings;
        try {
            boolean productsExplicit = spec.commandLine().getParseResult().hasMatchedOption("--products");
            settings = SandboxSettings.builder(StranglerHome.resolve())
                    .stateDir(stateDir.stateDir())
                    .port(SandboxPart.POSTGRES, postgresPort)
                    .port(SandboxPart.MONOLITH, monolithPort)
                    .port(SandboxPart.PAYMENT_PROVIDER, paymentPort)
                    .port(SandboxPart.NOTIFICATION_PROVIDER, notificationPort)
                    .port(SandboxPart.GATEWAY, gatewayPort)
                    .gatewayAdminPort(gatewayAdminPort)
                    .port(SandboxPart.KAFKA, kafkaPort)
                    .port(SandboxPart.CONNECT, connectPort)
                    .port(SandboxPart.CATALOG_SERVICE, catalogPort)
                    .port(SandboxPart.IDENTITY_SERVICE, identityPort)
                    .products(products)
                    .productsExplicit(productsExplicit)
                    .infraOnly(infraOnly, monolithUrl)
                    .classData(!noClassData)
                    .build();
        } catch (IllegalArgumentException e) {
            err.println("strangler sandbox up: " + e.getMessage());
            return 1;
        }
        long begin = System.nanoTime();
        try {
            SandboxState state = new Sandbox(line -> {
                        out.println("  " + line);
                        out.flush();
                    })
                    .up(settings);
            printStarted(out, state, settings, (System.nanoTime() - begin) / 1e9);
            return 0;
        } catch (SandboxAlreadyRunningException e) {
            out.println(e.getMessage());
            return 0;
        } catch (SandboxStartException e) {
            err.println("strangler sandbox up: " + e.getMessage());
            if (e.log() != null) {
                err.println("last lines of " + e.log() + ":");
                err.println(e.logTail().indent(4).stripTrailing());
            }
            err.println("everything this `up` started has been stopped again.");
            return 1;
        } catch (SandboxException e) {
            err.println("strangler sandbox up: " + e.getMessage());
            return 1;
        }
    }

    private static void printStarted(PrintWriter out, SandboxState state, SandboxSettings settings, double seconds) {
        out.printf(Locale.ROOT, "%nSandbox up in %.1f s (state in %s)%n", seconds, state.stateDir());
        SandboxReport.header(out);
        for (RunningPart part : state.parts()) {
            SandboxReport.row(out, part.part(), true, part.pid(), part.port(), part.url(), part.log());
        }
        out.println();
        if (settings.infraOnly()) {
            printInfrastructure(out, state, settings);
            return;
        }
        if (!state.kept().clean()) {
            printKept(out, state, settings);
            out.println();
        }
        out.println("The app talks to the gateway: " + state.gatewayUrl() + "/api/categories  (the monolith directly: "
                + state.monolithUrl() + ")");
        out.println("Kafka Connect: " + state.connectUrl()
                + "  (catalog stream: strangler cdc apply --plan migration-playbook/plans/catalog.yaml)");
        out.println("Users: admin@example.com / admin-password, demo@example.com / demo-password");
        out.println("Gateway routes: " + GatewayFiles.routes(state.stateDir())
                + " (reloaded on change); admin API token in "
                + GatewayFiles.dir(state.stateDir()).resolve(GatewayFiles.SECRETS));
        out.println("Database: user postgres, password in " + SandboxDatabase.credentials(state.stateDir())
                + " (readable by you only). Stop everything with `strangler sandbox down`.");
    }

    private static void printInfrastructure(PrintWriter out, SandboxState state, SandboxSettings settings) {
        if (!state.kept().clean()) {
            out.println("Started on data an earlier run left (`down` keeps it): "
                    + String.join(
                            ", ",
                            state.kept().data().stream().map(Path::toString).toList())
                    + (state.kept().connectors().isEmpty()
                            ? ""
                            : "; streams that came back: "
                                    + String.join(", ", state.kept().connectors())));
        }
        out.println("Only the infrastructure runs (--infra-only): PostgreSQL on 127.0.0.1:" + settings.postgresPort()
                + " (user postgres, password in " + SandboxDatabase.credentials(state.stateDir())
                + "), Kafka on 127.0.0.1:" + settings.kafkaPort() + ", Kafka Connect at " + state.connectUrl() + ".");
        if (settings.ownMonolith() != null) {
            out.println("Your app talks to the gateway: " + state.gatewayUrl() + " (in front of "
                    + settings.ownMonolith() + "); its routes: " + GatewayFiles.routes(state.stateDir())
                    + " (reloaded on change), admin API token in "
                    + GatewayFiles.dir(state.stateDir()).resolve(GatewayFiles.SECRETS));
        }
        out.println("Apply your plan's streams with `strangler cdc apply --plan PLAN`. Stop everything with "
                + "`strangler sandbox down`.");
    }

    /** What an earlier run left and this one started on, so that nobody takes old streams or data for new ones. */
    private static void printKept(PrintWriter out, SandboxState state, SandboxSettings settings) {
        KeptState kept = state.kept();
        out.println("Started on data an earlier run left (`down` keeps it): "
                + String.join(", ", kept.data().stream().map(Path::toString).toList()));
        if (kept.data().contains(state.postgresDataDir())) {
            if (kept.catalogProducts() == 0) {
                out.println(
                        "  the monolith's catalog was empty: it is seeded with " + settings.products() + " products");
            } else {
                out.println("  the monolith's catalog: " + kept.catalogProducts() + " products, kept"
                        + (kept.catalogProducts() == settings.products()
                                ? ""
                                : " (the default --products " + settings.products() + " seeds only an empty catalog)"));
            }
        }
        out.println(
                kept.connectors().isEmpty()
                        ? "  streams that came back: none (Kafka Connect has no connectors)"
                        : "  streams that came back, resuming where they stopped (Kafka Connect connectors): "
                                + String.join(", ", kept.connectors()));
        out.println("To start clean instead: `" + KeptState.startCleanCommand(settings) + "`, then `up` again.");
    }
}
