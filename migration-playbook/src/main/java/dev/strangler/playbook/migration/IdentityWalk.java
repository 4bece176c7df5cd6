package dev.strangler.playbook.migration;

import dev.strangler.playbook.cutover.WriteCutover;
import dev.strangler.playbook.route.GatewayAdmin;
import dev.strangler.playbook.route.RouteMode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The second extraction, identity, phase by phase on a running sandbox, as the catalog's ({@link MigrationWalk}): each
 * step an ordinary {@code strangler} command, while devices use their accounts through the gateway the whole time
 * ({@link AccountLoad}).
 * <ol>
 * <li>the identity stream copies the monolith's users and sessions into the identity service's schema (the sandbox
 * starts it: the catalog service takes the identity service's JWTs); parity;</li>
 * <li>profile reads in shadow: the service's answers compared with the monolith's;</li>
 * <li>profile reads in canary 50 %, then service; the contract suite at each step;</li>
 * <li>write cutover of register, log in, log out and profile updates, with the reverse stream: a session the service
 * makes is one the monolith's checkout and orders accept (the gateway sends a request the monolith does not know the
 * caller of yet again, see the gateway's read-your-writes);</li>
 * <li>rollback: writes, then reads, back to the monolith; an account the service registered logs in at the monolith
 * with its password; parity.</li>
 * </ol>
 */
public final class IdentityWalk {

    /** What the walk measured. */
    public record Result(
            List<String> failedSteps,
            long loadRequests,
            long loadLogins,
            List<String> loadFailures,
            long shadowCompared,
            long shadowMismatches,
            List<String> mismatchSamples,
            long profileReadsServedByService,
            long cutoverHoldMillis,
            long rollbackHoldMillis,
            long freshSessionAtMonolithMillis) {

        public boolean passed() {
            return failedSteps.isEmpty() && loadFailures.isEmpty() && shadowMismatches == 0;
        }
    }

    static final String READS = "identity-read";
    static final String WRITES = "identity-write";
    static final String STREAM = "identity";

    private final PrintWriter out;
    private final MigrationWalk.Endpoints at;
    private final int devices;
    private final WalkSteps steps;
    private long freshSessionMillis = -1;

    public IdentityWalk(CommandLine root, PrintWriter out, MigrationWalk.Endpoints at, int devices) {
        this.out = out;
        this.at = at;
        this.devices = devices;
        this.steps = new WalkSteps(root, out);
    }

    public Result run() throws Exception {
        GatewayAdmin admin = WalkSteps.admin(at);
        String plan = at.plan().toString();
        String connect = at.connect().toString();
        String sandboxDir = at.sandboxDir().toString();
        List<String> gatewayOptions =
                List.of("--gateway-admin", at.gatewayAdmin().toString(), "--sandbox-dir", sandboxDir);
        String[] contract = {"contract", "--base-url", at.gateway().toString()};

        steps.heading("Identity, phase 1: the monolith's users and sessions flow into the identity service's schema");
        steps.run(
                "Apply the identity stream (`sandbox up` started it: applying it again changes nothing)",
                "cdc",
                "apply",
                "--plan",
                plan,
                "--sandbox-dir",
                sandboxDir,
                "--stream",
                STREAM,
                "--connect",
                connect);
        barrierAndParity(plan, sandboxDir);

        AccountLoad load = AccountLoad.start(at.gateway(), devices, Duration.ofMinutes(15), Duration.ofMillis(100));
        out.println();
        out.println("   (from now on " + devices + " simulated devices register, log in, read and rename their "
                + "profiles, list their orders and log out through the gateway)");
        Result result;
        try {
            steps.heading("Identity, phase 2: profile reads in shadow");
            steps.setMode(
                    gatewayOptions,
                    "Shadow the profile reads",
                    READS,
                    RouteMode.SHADOW,
                    null,
                    "tour: compare the identity service");
            steps.run("Play the mobile app through the gateway", contract);
            Thread.sleep(6_000); // the load reads profiles meanwhile
            WalkSteps.ShadowSeen shadow = steps.shadow(admin, READS);

            steps.heading("Identity, phase 3: profile reads move to the service, half the devices first");
            steps.setMode(
                    gatewayOptions, "Profile reads: canary 50 %", READS, RouteMode.CANARY, "50", "tour: canary 50%");
            steps.run("Play the mobile app through the gateway", contract);
            steps.setMode(gatewayOptions, "Profile reads: service", READS, RouteMode.SERVICE, null, "tour: service");
            steps.run("Play the mobile app through the gateway", contract);

            steps.heading("Identity, phase 4: registration, login, logout and profile updates move to the service");
            WriteCutover.Outcome cutover = steps.moveWrites(
                    gatewayOptions,
                    "Hold the account writes, pass the barrier, hand users and sessions over to the service, start the "
                            + "reverse stream, flip, release",
                    "cutover",
                    plan,
                    STREAM,
                    WRITES,
                    connect);
            steps.run("Play the mobile app through the gateway", contract);
            String[] account = newAccountAtTheServiceOrdersAtTheMonolith();
            Thread.sleep(2_000); // the load logs in and out at the service a few times
            long servedByService = admin.route(READS).counters().service();

            steps.heading("Identity, phase 5: rollback, writes first, then reads");
            WriteCutover.Outcome rollback = steps.moveWrites(
                    gatewayOptions,
                    "Hold the account writes, drain the reverse stream, flip back, hand users and sessions back, remove "
                            + "the reverse stream",
                    "rollback",
                    plan,
                    STREAM,
                    WRITES,
                    connect);
            steps.setMode(
                    gatewayOptions,
                    "Profile reads back to the monolith",
                    READS,
                    RouteMode.MONOLITH,
                    null,
                    "tour: rollback");
            steps.run("Play the mobile app through the gateway", contract);
            if (account != null) {
                loginAtTheMonolith(account[0], account[1]);
            }
            load.close();
            barrierAndParity(plan, sandboxDir);
            result = new Result(
                    steps.failed(),
                    load.requests(),
                    load.logins(),
                    load.failures(),
                    shadow.compared(),
                    shadow.mismatches(),
                    shadow.samples(),
                    servedByService,
                    cutover == null ? -1 : cutover.heldMillis(),
                    rollback == null ? -1 : rollback.heldMillis(),
                    freshSessionMillis);
        } finally {
            load.close();
        }
        steps.heading("What happened (identity)");
        out.println(WalkSteps.loadLine(result.loadRequests(), result.loadLogins() + " logins", result.loadFailures()));
        out.println(WalkSteps.shadowLine(result.shadowCompared(), result.shadowMismatches(), result.mismatchSamples()));
        out.println("   profile reads the service answered: " + result.profileReadsServedByService());
        out.println("   write cutover: writes held " + result.cutoverHoldMillis() + " ms; rollback held "
                + result.rollbackHoldMillis() + " ms; the monolith's orders answered a session the service had just "
                + "made after " + result.freshSessionAtMonolithMillis() + " ms");
        out.println("   failed steps: " + (result.failedSteps().isEmpty() ? "none" : result.failedSteps()));
        out.flush();
        return result;
    }

    private void barrierAndParity(String plan, String sandboxDir) {
        steps.run(
                "Wait until everything committed on the monolith is in the identity database",
                "cdc",
                "barrier",
                "--plan",
                plan,
                "--sandbox-dir",
                sandboxDir,
                "--stream",
                STREAM,
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
                STREAM);
    }

    /**
     * Registers and logs in through the gateway (the service now), then lists the orders at the monolith with that
     * session at once: the monolith must accept a session the service made. Returns the account's email and password.
     */
    private String[] newAccountAtTheServiceOrdersAtTheMonolith() throws Exception {
        JsonHttp gateway = new JsonHttp(at.gateway(), Duration.ofSeconds(20));
        String email = "walk-" + Long.toString(System.currentTimeMillis(), 36) + "@example.com";
        String password = "walk-password";
        String device = "walk-device";
        steps.own(
                "Register and log in through the gateway (the identity service now), then list the orders at the "
                        + "monolith with that session at once",
                "curl -X POST " + at.gateway() + "/api/auth/login ...; curl " + at.gateway() + "/api/orders");
        JsonHttp.Answer registered = gateway.send(
                "POST",
                "/api/users/register",
                Map.of("email", email, "password", password, "name", "Walk Customer"),
                null,
                device);
        if (registered.status() != 201) {
            steps.fail("register at the service: " + registered.status() + " " + registered.text());
            return null;
        }
        JsonHttp.Answer login =
                gateway.send("POST", "/api/auth/login", Map.of("email", email, "password", password), null, device);
        if (login.status() != 200) {
            steps.fail("log in at the service: " + login.status() + " " + login.text());
            return null;
        }
        long start = System.nanoTime();
        JsonHttp.Answer orders =
                gateway.get("/api/orders", login.body().path("token").asString(), device);
        freshSessionMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        out.println("   the monolith answered " + orders.status() + " after " + freshSessionMillis + " ms");
        if (orders.status() != 200) {
            steps.fail("orders at the monolith with the service's session: " + orders.status() + " " + orders.text());
        }
        return new String[] {email, password};
    }

    /** After the rollback: the account the service registered logs in at the monolith itself, with its password. */
    private void loginAtTheMonolith(String email, String password) throws Exception {
        steps.own(
                "Log in at the monolith itself with the account the service registered",
                "curl -X POST " + at.monolith() + "/api/auth/login -d '{\"email\": \"" + email + "\", ...}'");
        JsonHttp.Answer login = new JsonHttp(at.monolith(), Duration.ofSeconds(20))
                .send("POST", "/api/auth/login", Map.of("email", email, "password", password), null, null);
        out.println("   the monolith answered " + login.status());
        if (login.status() != 200) {
            steps.fail("log in at the monolith with the service's account: " + login.status() + " " + login.text());
        }
    }
}
