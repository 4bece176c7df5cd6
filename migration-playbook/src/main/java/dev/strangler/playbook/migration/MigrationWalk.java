package dev.strangler.playbook.migration;

import dev.strangler.playbook.cutover.WriteCutover;
import dev.strangler.playbook.route.GatewayAdmin;
import dev.strangler.playbook.route.RouteMode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The first extraction, phase by phase, on a running sandbox: each step is an ordinary
 * {@code strangler} command, printed and then run, while a browse load plays the mobile app through
 * the gateway the whole time. The tour runs it for people; the end-to-end test runs it and checks
 * what it measured.
 * <ol>
 * <li>the catalog stream copies the monolith's catalog into the catalog database; parity exact;</li>
 * <li>catalog reads in shadow: the contract suite and the load, the service's answers compared;</li>
 * <li>catalog reads in canary 10 %, 50 %, then service; the contract suite at each step;</li>
 * <li>write cutover of the admin catalog changes; a price changed through the service is what the
 * monolith's checkout charges;</li>
 * <li>rollback: writes, then reads, back to the monolith; the contract suite; parity exact.</li>
 * </ol>
 */
public final class MigrationWalk {

    /** Where the sandbox's parts listen, and the plan resolved for its database. */
    /**
     * @param plan          the feature's CDC plan
     * @param migrationPlan the migration plan ({@code strangler migrate}) that moves its reads
     * @param metrics       the gateway's Prometheus endpoint, which the migration's gates read
     */
    public record Endpoints(
            URI gateway,
            URI gatewayAdmin,
            URI metrics,
            URI connect,
            URI monolith,
            Path plan,
            Path migrationPlan,
            Path sandboxDir) {

        /** The same sandbox, with another feature's CDC plan. */
        public Endpoints withPlan(Path otherPlan) {
            return new Endpoints(
                    gateway, gatewayAdmin, metrics, connect, monolith, otherPlan, migrationPlan, sandboxDir);
        }
    }

    /** What the walk measured. */
    public record Result(
            List<String> failedSteps,
            long loadRequests,
            long loadWrites,
            List<String> loadFailures,
            long shadowCompared,
            long shadowMismatches,
            List<String> mismatchSamples,
            long holdMillis,
            int requestsHeld,
            long cutoverBarrierMillis,
            long rollbackHoldMillis,
            BigDecimal priceSetThroughService,
            BigDecimal checkoutCharged,
            long monolithSawPriceAfterMillis) {

        public boolean passed() {
            return failedSteps.isEmpty()
                    && loadFailures.isEmpty()
                    && shadowMismatches == 0
                    && priceSetThroughService != null
                    && priceSetThroughService.compareTo(checkoutCharged) == 0;
        }
    }

    static final String READS = "catalog-read";
    static final String WRITES = "catalog-write";

    private final PrintWriter out;
    private final Endpoints at;
    private final int users;
    private final WalkSteps steps;

    public MigrationWalk(CommandLine root, PrintWriter out, Endpoints at, int users) {
        this.out = out;
        this.at = at;
        this.users = users;
        this.steps = new WalkSteps(root, out);
    }

    public Result run() throws Exception {
        GatewayAdmin admin = WalkSteps.admin(at);
        String plan = at.plan().toString();
        String connect = at.connect().toString();
        String gatewayAdmin = at.gatewayAdmin().toString();
        String sandboxDir = at.sandboxDir().toString();
        List<String> gatewayOptions = List.of("--gateway-admin", gatewayAdmin, "--sandbox-dir", sandboxDir);

        steps.heading("Phase 1: the catalog data flows from the monolith's database into the catalog service's");
        steps.run(
                "Start the catalog stream (Debezium on Kafka Connect, mapped by the plan)",
                "cdc",
                "apply",
                "--plan",
                plan,
                "--sandbox-dir",
                sandboxDir,
                "--stream",
                "catalog",
                "--connect",
                connect);
        steps.run(
                "Wait until everything the monolith committed is in the catalog database",
                "cdc",
                "barrier",
                "--plan",
                plan,
                "--sandbox-dir",
                sandboxDir,
                "--stream",
                "catalog",
                "--timeout",
                "120s");
        steps.run(
                "Compare both databases through the mapping",
                "verify",
                "parity",
                "--plan",
                plan,
                "--sandbox-dir",
                sandboxDir,
                "--stream",
                "catalog");

        BrowseLoad load = BrowseLoad.start(at.gateway(), users, Duration.ofMinutes(15), Duration.ofMillis(40));
        out.println();
        out.println("   (from now on " + users
                + " simulated devices browse the catalog through the gateway, and an admin changes "
                + "prices, descriptions and stock now and then)");
        Result result;
        try {
            steps.heading("Phases 2 and 3: catalog reads move as the migration plan says: shadow, canary 10 %, 50 %, "
                    + "service; each step bakes, then must pass its gates (shadow mismatches, error rates, p99, "
                    + "breakers, CDC lag and WAL, parity, the contract suite) before the next; a failed gate sends "
                    + "the reads back");
            String migrationPlan = at.migrationPlan().toString();
            steps.run(
                    "Forget an earlier tour's progress on this feature",
                    "migrate",
                    "reset",
                    "--plan",
                    migrationPlan,
                    "--feature",
                    "catalog",
                    "--sandbox-dir",
                    sandboxDir);
            steps.run(
                    "Migrate the catalog reads",
                    WalkSteps.with(
                            gatewayOptions,
                            "migrate",
                            "--plan",
                            migrationPlan,
                            "--feature",
                            "catalog",
                            "--metrics",
                            at.metrics().toString(),
                            "--cdc-plan",
                            plan,
                            "--connect",
                            connect,
                            "--base-url",
                            at.gateway().toString()));
            WalkSteps.ShadowSeen shadow = steps.shadow(admin, READS);
            steps.look("Where the routes stand", WalkSteps.with(gatewayOptions, "route", "list"));

            steps.heading("Phase 4: the admin's catalog changes move to the service (write cutover)");
            WriteCutover.Outcome cutoverOutcome = steps.moveWrites(
                    gatewayOptions,
                    "Hold the admin catalog writes, pass the barrier, hand name/description/price over to the service, "
                            + "start the reverse stream, flip, release",
                    "cutover",
                    plan,
                    "catalog",
                    WRITES,
                    connect);
            long held = cutoverOutcome == null ? -1 : cutoverOutcome.heldMillis();
            long barrier = cutoverOutcome == null ? -1 : cutoverOutcome.barrierMillis();
            int waited = cutoverOutcome == null ? -1 : cutoverOutcome.requestsHeld();
            steps.run(
                    "Play the mobile app through the gateway",
                    "contract",
                    "--base-url",
                    at.gateway().toString());
            PriceCheck price = priceThroughServiceIsCharged(load.untouched());
            steps.look(
                    "Where the streams stand (lag measured by the heartbeat)",
                    "cdc",
                    "status",
                    "--plan",
                    plan,
                    "--sandbox-dir",
                    sandboxDir,
                    "--connect",
                    connect);

            steps.heading("Phase 5: rollback, writes first, then reads");
            WriteCutover.Outcome rollbackOutcome = steps.moveWrites(
                    gatewayOptions,
                    "Hold the writes, drain the reverse stream, flip back, hand the columns back, remove the reverse stream",
                    "rollback",
                    plan,
                    "catalog",
                    WRITES,
                    connect);
            steps.setMode(
                    gatewayOptions,
                    "Catalog reads back to the monolith",
                    READS,
                    RouteMode.MONOLITH,
                    null,
                    "tour: rollback");
            steps.run(
                    "Play the mobile app through the gateway",
                    "contract",
                    "--base-url",
                    at.gateway().toString());
            load.close();
            steps.run(
                    "Wait for the catalog stream",
                    "cdc",
                    "barrier",
                    "--plan",
                    plan,
                    "--sandbox-dir",
                    sandboxDir,
                    "--stream",
                    "catalog",
                    "--timeout",
                    "60s");
            steps.run(
                    "Compare both databases once more",
                    "verify",
                    "parity",
                    "--plan",
                    plan,
                    "--sandbox-dir",
                    sandboxDir,
                    "--stream",
                    "catalog");
            result = new Result(
                    steps.failed(),
                    load.requests(),
                    load.writes(),
                    load.failures(),
                    shadow.compared(),
                    shadow.mismatches(),
                    shadow.samples(),
                    held,
                    waited,
                    barrier,
                    rollbackOutcome == null ? -1 : rollbackOutcome.heldMillis(),
                    price.set(),
                    price.charged(),
                    price.monolithSawItAfterMillis());
        } finally {
            load.close();
        }
        steps.heading("What happened");
        out.println(WalkSteps.loadLine(result.loadRequests(), result.loadWrites() + " writes", result.loadFailures()));
        out.println(WalkSteps.shadowLine(result.shadowCompared(), result.shadowMismatches(), result.mismatchSamples()));
        out.println("   write cutover: writes held " + result.holdMillis() + " ms (barrier "
                + result.cutoverBarrierMillis() + " ms), " + result.requestsHeld()
                + " request(s) waited; rollback held " + result.rollbackHoldMillis() + " ms");
        out.println("   a price set through the service (" + result.priceSetThroughService()
                + ") reached the monolith after " + result.monolithSawPriceAfterMillis() + " ms; its checkout charged "
                + result.checkoutCharged());
        out.println("   failed steps: " + (result.failedSteps().isEmpty() ? "none" : result.failedSteps()));
        out.flush();
        return result;
    }

    /** What phase 4 checks: the service's price is the one the monolith charges. */
    record PriceCheck(BigDecimal set, BigDecimal charged, long monolithSawItAfterMillis) {}

    private PriceCheck priceThroughServiceIsCharged(long id) throws Exception {
        JsonHttp gateway = new JsonHttp(at.gateway(), Duration.ofSeconds(20));
        JsonHttp monolith = new JsonHttp(at.monolith(), Duration.ofSeconds(20));
        String adminToken = gateway.login("admin@example.com", "admin-password");
        BigDecimal price = new BigDecimal("42.17");
        steps.own(
                "Change a price through the gateway (the service now), then buy it from the monolith",
                "curl -X PATCH " + at.gateway() + "/api/admin/products/" + id + " -d '{\"price\": " + price + "}'");
        gateway.send("PUT", "/api/admin/products/" + id + "/stock", Map.of("quantity", 100), adminToken, null);
        JsonHttp.Answer patched =
                gateway.send("PATCH", "/api/admin/products/" + id, Map.of("price", price), adminToken, null);
        long changedAt = System.nanoTime();
        if (!patched.ok()) {
            steps.fail("price change through the service: " + patched.status() + " " + patched.text());
            return new PriceCheck(null, null, -1);
        }
        long sawAfter = -1;
        while (System.nanoTime() - changedAt < Duration.ofSeconds(30).toNanos()) {
            JsonHttp.Answer direct = monolith.get("/api/products/" + id, null, null);
            if (direct.ok() && price.compareTo(direct.body().path("price").decimalValue()) == 0) {
                sawAfter = Duration.ofNanos(System.nanoTime() - changedAt).toMillis();
                break;
            }
            Thread.sleep(5);
        }
        out.println("   the monolith shows " + price + " after " + sawAfter + " ms (reverse stream)");
        String customer = gateway.login("demo@example.com", "demo-password");
        JsonHttp.Answer order = gateway.send(
                "POST",
                "/api/orders",
                Map.of("items", List.of(Map.of("productId", id, "quantity", 1)), "paymentToken", "tok_visa"),
                customer,
                null);
        if (order.status() != 201) {
            steps.fail("checkout after the price change: " + order.status() + " " + order.text());
            return new PriceCheck(price, null, sawAfter);
        }
        BigDecimal charged = order.body().path("total").decimalValue();
        out.println("   $ curl -X POST " + at.gateway() + "/api/orders ...  -> total " + charged
                + " (charged by the monolith)");
        if (charged.compareTo(price) != 0) {
            steps.fail("checkout charged " + charged + " instead of the service's price " + price);
        }
        return new PriceCheck(price, charged, sawAfter);
    }
}
