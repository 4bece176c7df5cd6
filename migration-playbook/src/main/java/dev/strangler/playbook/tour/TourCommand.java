package dev.strangler.playbook.tour;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import dev.strangler.playbook.sandbox.GatewayFiles;
import dev.strangler.playbook.sandbox.Sandbox;
import dev.strangler.playbook.sandbox.SandboxSettings;
import dev.strangler.playbook.sandbox.SandboxState;
import dev.strangler.playbook.sandbox.StranglerHome;

/**
 * {@code strangler tour}: the README's main command. Brings the sandbox up (unless it runs), plays
 * the mobile app's contract against the monolith, and says where to look next. Each step is an
 * ordinary {@code strangler} command, printed before it runs, so the tour doubles as a runbook.
 */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = {"The guided tour: starts the local sandbox and checks the mobile contract against the monolith.",
                "Leaves the sandbox running; stop it with `strangler sandbox down`."})
public final class TourCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        PrintWriter out = root.getOut();
        step(out, 1, "Start the sandbox: PostgreSQL, Kafka and Kafka Connect, the payment and notification stand-ins, "
                + "the legacy monolith, and the strangler gateway in front of it", "strangler sandbox up");
        int up = root.execute("sandbox", "up");
        if (up != 0) {
            out.println("The sandbox did not start; see above. Nothing else to show.");
            return up;
        }
        SandboxState state = new Sandbox(line -> { }).state(SandboxSettings.defaultStateDir(StranglerHome.resolve()))
                .orElseThrow(() -> new IllegalStateException("the sandbox reported up but recorded no state"));

        step(out, 2, "Play the mobile app against the monolith directly: this is the baseline",
                "strangler contract --base-url " + state.monolithUrl());
        int direct = root.execute("contract", "--base-url", state.monolithUrl());

        step(out, 3, "Play it again through the gateway (empty route table: pure pass-through); the app cannot tell",
                "strangler contract --base-url " + state.gatewayUrl());
        int through = root.execute("contract", "--base-url", state.gatewayUrl());
        int contract = direct != 0 ? direct : through;

        String plan = StranglerHome.resolve().resolve("migration-playbook/plans/catalog.yaml").toString();
        step(out, 4, "Start the catalog stream: the monolith's catalog tables flow into the catalog service's database "
                + "(Debezium on Kafka Connect, mapped by the plan)", "strangler cdc apply --plan " + plan);
        int cdc = root.execute("cdc", "apply", "--plan", plan, "--connect", state.connectUrl());
        if (cdc == 0) {
            step(out, 5, "Wait until everything committed in the monolith so far is applied in the catalog database",
                    "strangler cdc barrier --plan " + plan + " --stream catalog --timeout 120s");
            cdc = root.execute("cdc", "barrier", "--plan", plan, "--stream", "catalog", "--timeout", "120s");
        }
        if (cdc == 0) {
            step(out, 6, "Compare both databases through the mapping: counts and hashes, key by key",
                    "strangler verify parity --plan " + plan);
            cdc = root.execute("verify", "parity", "--plan", plan);
        }

        step(out, 7, "Look around", "strangler sandbox status");
        root.execute("sandbox", "status");
        out.println();
        out.println("Try the API yourself:  curl -s " + state.gatewayUrl() + "/api/products?size=3");
        out.println("Move a route: edit " + GatewayFiles.routes(state.stateDir()) + " (see strangler-gateway/README.md)");
        out.println("The runbook and what comes next (gateway, change-data capture, extraction) are in migration-playbook/README.md.");
        out.println("Stop everything with:  migration-playbook/strangler sandbox down");
        return contract != 0 ? contract : cdc;
    }

    private static void step(PrintWriter out, int number, String what, String command) {
        out.println();
        out.println("== " + number + ". " + what);
        out.println("   $ " + command);
        out.flush();
    }
}
