package dev.strangler.playbook.tour;

import dev.strangler.playbook.migration.IdentityWalk;
import dev.strangler.playbook.migration.MigrationWalk;
import dev.strangler.playbook.sandbox.GatewayFiles;
import dev.strangler.playbook.sandbox.ReferencePlans;
import dev.strangler.playbook.sandbox.Sandbox;
import dev.strangler.playbook.sandbox.SandboxPart;
import dev.strangler.playbook.sandbox.SandboxSettings;
import dev.strangler.playbook.sandbox.SandboxState;
import dev.strangler.playbook.sandbox.StranglerHome;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code strangler tour}: the README's main command. Brings the sandbox up (unless it runs), plays
 * the mobile app's contract against the monolith, then walks the first extraction (the catalog) phase
 * by phase under load (see {@link MigrationWalk}), then the second (identity, {@link IdentityWalk}). Each step is an ordinary {@code strangler} command,
 * printed before it runs, so the tour doubles as a runbook.
 */
@Command(
        name = "tour",
        mixinStandardHelpOptions = true,
        description = {
            "The guided tour: starts the local sandbox, checks the mobile contract, and moves the catalog to the catalog "
                    + "service (CDC, shadow, canary, write cutover, rollback), then identity to the identity service, while "
                    + "simulated devices use the app.",
            "Leaves the sandbox running; stop it with `strangler sandbox down`."
        })
public final class TourCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        PrintWriter out = root.getOut();
        step(
                out,
                1,
                "Start the sandbox: PostgreSQL, Kafka and Kafka Connect, the payment and notification stand-ins, "
                        + "the legacy monolith, the catalog and identity services, and the strangler gateway in front of them",
                "strangler sandbox up");
        int up = root.execute("sandbox", "up");
        if (up != 0) {
            out.println("The sandbox did not start; see above. Nothing else to show.");
            return up;
        }
        SandboxState state = new Sandbox(line -> {})
                .state(SandboxSettings.defaultStateDir(StranglerHome.resolve()))
                .orElseThrow(() -> new IllegalStateException("the sandbox reported up but recorded no state"));
        if (state.part(SandboxPart.MONOLITH).isEmpty()) {
            out.println("The sandbox that runs was started with --infra-only: the tour needs the reference stack. "
                    + "Stop it with `strangler sandbox down`, then run the tour again.");
            return 1;
        }

        step(
                out,
                2,
                "Play the mobile app against the monolith directly: this is the baseline",
                "strangler contract --base-url " + state.monolithUrl());
        int direct = root.execute("contract", "--base-url", state.monolithUrl());

        step(
                out,
                3,
                "Play it again through the gateway (every route on the monolith); the app cannot tell",
                "strangler contract --base-url " + state.gatewayUrl());
        int through = root.execute("contract", "--base-url", state.gatewayUrl());
        int contract = direct != 0 ? direct : through;

        Path plan = StranglerHome.resolve().resolve("migration-playbook/plans/catalog.yaml");
        int adminPort = Optional.ofNullable(System.getenv("STRANGLER_GATEWAY_ADMIN_PORT"))
                .map(Integer::parseInt)
                .orElse(SandboxSettings.DEFAULT_GATEWAY_ADMIN_PORT);
        MigrationWalk.Endpoints endpoints = new MigrationWalk.Endpoints(
                URI.create(state.gatewayUrl()),
                URI.create("http://127.0.0.1:" + adminPort),
                URI.create("http://127.0.0.1:" + SandboxSettings.managementPortFor(adminPort) + "/actuator/prometheus"),
                URI.create(state.connectUrl()),
                URI.create(state.monolithUrl()),
                plan,
                ReferencePlans.file(StranglerHome.resolve(), ReferencePlans.MIGRATION),
                state.stateDir());
        out.println();
        out.println(
                "Now the first extraction: the catalog moves from the monolith to the catalog service, reads then writes, "
                        + "while simulated devices keep using the app through the gateway.");
        MigrationWalk.Result result;
        try {
            result = new MigrationWalk(root, out, endpoints, 4).run();
        } catch (Exception e) {
            out.println("The migration walk stopped: " + e.getMessage());
            return 1;
        }

        out.println();
        out.println(
                "The second extraction: identity (registration, login, logout, profile) moves to the identity service, "
                        + "while simulated devices keep using their accounts; the app keeps its session token.");
        Path identityPlan = StranglerHome.resolve().resolve("migration-playbook/plans/identity.yaml");
        IdentityWalk.Result identity;
        try {
            identity = new IdentityWalk(root, out, endpoints.withPlan(identityPlan), 2).run();
        } catch (Exception e) {
            out.println("The identity walk stopped: " + e.getMessage());
            return 1;
        }

        out.println();
        out.println("Look around:  migration-playbook/strangler sandbox status   |   strangler route list   |   "
                + "strangler cdc status --plan " + plan);
        out.println("What happened, in order (route changes, holds, cutovers, migrate's steps): strangler timeline"
                + "   |   the gateway's status page (routes, shadow mismatches, migrations): http://127.0.0.1:"
                + adminPort + "/status");
        out.println(
                "Move a route yourself: strangler route set catalog-read --mode canary --percent 25 --reason \"try\" "
                        + "(or edit " + GatewayFiles.routes(state.stateDir()) + ")");
        out.println(
                "The runbook is migration-playbook/README.md. Stop everything with:  migration-playbook/strangler sandbox down");
        return contract != 0 ? contract : result.passed() && identity.passed() ? 0 : 1;
    }

    private static void step(PrintWriter out, int number, String what, String command) {
        out.println();
        out.println("== " + number + ". " + what);
        out.println("   $ " + command);
        out.flush();
    }
}
