package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.connect.ConnectorConfigs;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanValidator;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.cdc.sync.Parity;
import dev.strangler.cdc.sync.SyncBarrier;
import dev.strangler.infra.postgres.PostgresCluster;
import dev.strangler.infra.process.DetachedProcesses;
import dev.strangler.infra.process.FreePorts;
import dev.strangler.playbook.StranglerCommand;
import dev.strangler.playbook.check.CutoverCheck;
import dev.strangler.playbook.check.CutoverCheckSettings;
import dev.strangler.playbook.cli.CommandLines;
import dev.strangler.playbook.contract.ContractSuite;
import dev.strangler.playbook.contract.SuiteReport;
import dev.strangler.playbook.cutover.CutoverStep;
import dev.strangler.playbook.discover.DiscoverCommand;
import dev.strangler.playbook.migration.IdentityWalk;
import dev.strangler.playbook.migration.MigrationWalk;
import dev.strangler.playbook.replay.RecordingStubs;
import dev.strangler.playbook.route.GatewayAdmin;
import dev.strangler.playbook.route.RouteMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole sandbox for real: PostgreSQL, both provider stand-ins and the packaged monolith jar
 * (build it first: {@code mvn install -pl legacy-monolith -DskipTests}), on free ports with a
 * throw-away state directory. One sandbox for the class; the last test takes it down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxIT {

    /** Surefire and failsafe run in the module directory; the toolkit's root is its parent. */
    private static final Path HOME = Path.of("").toAbsolutePath().getParent();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PROGRESS = new CopyOnWriteArrayList<>();

    private static Path stateDir;
    private static SandboxSettings settings;
    private static Sandbox sandbox;
    private static SandboxState state;

    @BeforeAll
    static void up() throws IOException {
        stateDir = Files.createTempDirectory("strangler-sandbox-it");
        settings =
                FreePortSettings.builder(HOME).stateDir(stateDir).products(100).build();
        sandbox = new Sandbox(PROGRESS::add);
        long begin = System.nanoTime();
        state = sandbox.up(settings);
        System.out.printf("sandbox up in %.1f s: %s%n", (System.nanoTime() - begin) / 1e9, PROGRESS);
    }

    @AfterAll
    static void down() throws IOException {
        if (sandbox != null) {
            sandbox.down(stateDir, true);
            // In case the sandbox was already down (state forgotten) but its database was kept.
            new SandboxPostgres()
                    .destroy(SandboxPostgres.dataDirFor(stateDir, settings.postgresPort()), settings.postgresPort());
        }
        if (stateDir != null) {
            try (Stream<Path> paths = Files.walk(stateDir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    @Order(1)
    void statusReportsEveryPartAliveWithItsPortAndLog() {
        SandboxStatus status = sandbox.status(stateDir);

        assertThat(status.overall()).isEqualTo(SandboxStatus.Overall.RUNNING);
        assertThat(status.parts()).extracting(PartStatus::part).containsExactly(SandboxPart.values());
        assertThat(status.parts()).allSatisfy(part -> {
            assertThat(part.alive()).as(part.part().label()).isTrue();
            assertThat(part.port()).isEqualTo(settings.port(part.part()));
            assertThat(part.log()).exists();
        });
        assertThat(state.monolithUrl()).isEqualTo("http://127.0.0.1:" + settings.monolithPort());
    }

    @Test
    @Order(2)
    void theMonolithTheServiceAndTheGatewayListenOnThisMachineOnly() throws Exception {
        InetAddress outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst()
                .orElse(null);
        Assumptions.assumeTrue(outside != null, "this machine has no address but loopback");
        for (int port : new int[] {
            settings.monolithPort(),
            settings.catalogPort(),
            settings.identityPort(),
            settings.gatewayPort(),
            settings.gatewayAdminPort(),
            settings.gatewayManagementPort()
        }) {
            try (Socket here = new Socket()) {
                here.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
            assertThatThrownBy(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(outside, port), 2_000);
                        }
                    })
                    .as("port " + port + " on " + outside.getHostAddress())
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    @Order(2)
    void statusCommandExitsZeroAndPrintsJson() {
        StringWriter out = new StringWriter();
        int exit = cli(out).execute("sandbox", "status", "--json", "--state-dir", stateDir.toString());

        assertThat(exit).isZero();
        JsonNode json = JSON.readTree(out.toString());
        assertThat(json.path("state").asString()).isEqualTo("RUNNING");
        assertThat(json.path("parts")).hasSize(SandboxPart.values().length);
    }

    @Test
    @Order(3)
    void theMonolithServesTheCatalogFromItsDatabase() throws Exception {
        HttpResponse<String> response = get(state.monolithUrl() + "/api/categories");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).isArray()).isTrue();
        assertThat(JSON.readTree(response.body())).isNotEmpty();
    }

    @Test
    @Order(3)
    void thePaymentStandInDeclinesTheDeclinedTestCard() throws Exception {
        String paymentUrl =
                state.part(SandboxPart.PAYMENT_PROVIDER).orElseThrow().url();
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(paymentUrl + "/v1/charges"))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "it-1")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"amountCents\":100,\"currency\":\"EUR\",\"source\":\"tok_chargeDeclined\",\"reference\":\"it-1\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(response.body()).contains("card_declined");
    }

    @Test
    @Order(4)
    void theMobileContractSuitePassesAgainstTheSandboxMonolith() {
        SuiteReport report = new ContractSuite(URI.create(state.monolithUrl()), HTTP).run();

        assertThat(report.results()).hasSize(ContractSuite.scenarioNames().size());
        assertThat(report.results())
                .allSatisfy(r -> assertThat(r.failures()).as(r.name()).isEmpty());
        assertThat(report.passed()).isTrue();
    }

    @Test
    @Order(4)
    void theMobileContractSuitePassesThroughTheGatewayInFrontOfTheMonolith() {
        SuiteReport report = new ContractSuite(URI.create(state.gatewayUrl()), HTTP).run();

        assertThat(report.results())
                .allSatisfy(r -> assertThat(r.failures()).as(r.name()).isEmpty());
        assertThat(report.passed()).isTrue();
    }

    @Test
    @Order(4)
    void theReferenceAppsTrafficIsRecordedThroughTheGatewayReplayedServedAsStubsAndDiscovered() throws Exception {
        Path recording = stateDir.resolve("contract-recording");
        StringWriter recorded = new StringWriter();
        CompletableFuture<Integer> recorder = CompletableFuture.supplyAsync(() -> cli(recorded)
                .execute(
                        "record",
                        "--gateway-admin=http://127.0.0.1:" + settings.gatewayAdminPort(),
                        "--sandbox-dir=" + stateDir,
                        "--out=" + recording,
                        "--count=40",
                        "--poll=100ms"));
        GatewayAdmin admin = new GatewayAdmin(
                URI.create("http://127.0.0.1:" + settings.gatewayAdminPort()),
                GatewayFiles.adminToken(stateDir).orElseThrow());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> recorder.isDone() || admin.recording().on());
        assertThat(new ContractSuite(URI.create(state.gatewayUrl()), HTTP).run().passed())
                .isTrue();
        assertThat(recorder.get(60, TimeUnit.SECONDS)).as(recorded.toString()).isZero();

        // Served as WireMock stubs, the recording answers as recorded: every request the replay sends, placeholders
        // as they are, matches; except a request recorded more than once with different answers (a product read
        // before and after an order took its stock), where the stubs have one answer for both.
        try (RecordingStubs stubs = RecordingStubs.start(recording, "127.0.0.1", 0)) {
            StringWriter out = new StringWriter();
            int exit = cli(out).execute(
                            "replay",
                            "--recording=" + recording,
                            "--base-url=" + stubs.url(),
                            "--writes",
                            "--keep-placeholders",
                            "--json");
            JsonNode report = JSON.readTree(out.toString());
            assertThat(exit).as(out.toString()).isIn(0, 1);
            assertThat(report.path("replayed").asInt()).as(out.toString()).isEqualTo(40);
            assertThat(report.path("failed").asInt()).isZero();
            List<String> asked = new ArrayList<>();
            report.path("requests")
                    .forEach(r -> asked.add(
                            r.path("method").asString() + " " + r.path("url").asString()));
            report.path("requests").forEach(r -> {
                String request =
                        r.path("method").asString() + " " + r.path("url").asString();
                if (!r.path("outcome").asString().equals("matched")) {
                    assertThat(Collections.frequency(asked, request))
                            .as("%s differs from its stub: %s", request, r)
                            .isGreaterThan(1);
                }
            });
        }
        // Against the app itself, through the gateway, with the users' secrets made up anew: every request is sent
        // and answered (what the recorded orders did to the stock is data that moved on, not checked here).
        StringWriter out = new StringWriter();
        cli(out).execute(
                        "replay",
                        "--recording=" + recording,
                        "--base-url=" + state.gatewayUrl(),
                        "--writes",
                        "--invent-secrets",
                        "--json");
        JsonNode replayed = JSON.readTree(out.toString());
        assertThat(replayed.path("replayed").asInt()).as(out.toString()).isEqualTo(40);
        assertThat(replayed.path("failed").asInt()).isZero();

        StringWriter endpoints = new StringWriter();
        int discovered = cli(endpoints)
                .execute(
                        "discover",
                        "--recording=" + recording,
                        "--monolith-url=" + state.monolithUrl(),
                        "--gateway-jar="
                                + HOME.resolve("strangler-gateway/target/strangler-gateway-0.1.0-SNAPSHOT.jar"),
                        "--out=" + stateDir.resolve("routes.draft.yaml"),
                        "--json");
        assertThat(discovered).as(endpoints.toString()).isZero();
        assertThat(JSON.readTree(endpoints.toString()).at("/check/status").asString())
                .as("the draft route file passes the gateway's own parser")
                .isEqualTo("VALID");
        assertThat(Files.readString(stateDir.resolve("routes.draft.yaml"))).contains("/api/");

        String password = SandboxDatabase.password(stateDir).orElseThrow();
        StringWriter schema = new StringWriter();
        CommandLine discover = CommandLines.create(
                new DiscoverCommand(name -> name.equals("SANDBOX_IT_DB_PASSWORD") ? password : System.getenv(name)));
        discover.setOut(new PrintWriter(schema, true));
        discover.setErr(new PrintWriter(schema, true));
        int planned = discover.execute(
                "--database=jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/monolith",
                "--user=postgres",
                "--password-env=SANDBOX_IT_DB_PASSWORD",
                "--tables=public.*",
                "--out=" + stateDir.resolve("plan.draft.yaml"),
                "--json");
        assertThat(planned).as(schema.toString()).isZero();
        assertThat(Files.readString(stateDir.resolve("plan.draft.yaml")))
                .as("the monolith's wide products table, drafted one to one")
                .contains("public.products");
    }

    @Test
    @Order(4)
    void theReferenceCatalogStreamCopiesTheMonolithsCatalogIntoTheCatalogDatabase() throws Exception {
        MigrationPlan plan = referencePlan("catalog.yaml");
        MigrationPlan.Stream catalog = plan.stream("catalog").orElseThrow();
        new CdcStreams(new ConnectClient(URI.create(state.connectUrl()))).apply("catalog.yaml", plan, catalog);

        SyncBarrier.Passed passed = new SyncBarrier().await(catalog, Duration.ofSeconds(120));

        assertThat(passed.lag()).isPositive();
        assertThat(new Parity(1000).compare(catalog, line -> {})).hasSize(2).allSatisfy(t -> {
            assertThat(t.equal()).as(t.toString()).isTrue();
            assertThat(t.sourceRows()).isPositive();
        });
    }

    @Test
    @Order(4)
    void theIdentityStreamCarriesTheMonolithsSessionsToTheIdentityServiceWhichExchangesThemForJwtsUntilLogout()
            throws Exception {
        MigrationPlan plan = referencePlan("identity.yaml");
        MigrationPlan.Stream identity = plan.stream("identity").orElseThrow();
        // The reverse stream of the identity write cutover fits both schemas too (the identity walk drives it).
        new PlanValidator()
                .validate(
                        "identity.yaml",
                        new MigrationPlan(
                                List.of(plan.stream("identity_reverse").orElseThrow())));
        // `sandbox up` started the stream: the catalog service takes the identity service's JWTs.
        String token = JSON.readTree(HTTP.send(
                                HttpRequest.newBuilder(URI.create(state.monolithUrl() + "/api/auth/login"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "{\"email\":\"demo@example.com\",\"password\":\"demo-password\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("token")
                .asString();
        String tokenHash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        PostgresCluster cluster = PostgresCluster.at(state.postgresDataDir(), settings.postgresPort());

        new SyncBarrier().await(identity, Duration.ofSeconds(120));

        assertThat(new Parity(1000).compare(identity, line -> {}))
                .hasSize(2)
                .allSatisfy(t -> assertThat(t.equal()).as(t.toString()).isTrue());
        assertThat(identityRow(
                        cluster,
                        "SELECT u.email || ' ' || u.display_name FROM sessions s JOIN users u ON u.id = s.user_id "
                                + "WHERE s.token_hash = '" + tokenHash + "'"))
                .as("the session the monolith made at login, under the service's own names")
                .isEqualTo("demo@example.com Demo Customer");
        HttpResponse<String> exchanged = exchangeAtTheIdentityService(token);
        assertThat(exchanged.statusCode())
                .as("the gateway's token exchange (RFC 8693) of a session the stream brought: " + exchanged.body())
                .isEqualTo(200);
        assertThat(JSON.readTree(exchanged.body()).path("access_token").asString())
                .as("a signed JWT")
                .matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

        HttpResponse<String> logout = HTTP.send(
                HttpRequest.newBuilder(URI.create(state.monolithUrl() + "/api/auth/logout"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).as(logout.body()).isLessThan(300);
        new SyncBarrier().await(identity, Duration.ofSeconds(60));

        assertThat(identityRow(cluster, "SELECT count(*) FROM sessions WHERE token_hash = '" + tokenHash + "'"))
                .as("the monolith deletes a session at logout; so does the stream")
                .isEqualTo("0");
        assertThat(exchangeAtTheIdentityService(token).statusCode())
                .as("the logged-out session is refused there too (invalid_grant)")
                .isEqualTo(400);
    }

    /** Where a walk finds this sandbox's parts, with the reference plan {@code file} rewritten for its database. */
    private static MigrationWalk.Endpoints walkOn(String file) throws IOException {
        Path plan = stateDir.resolve("walk-" + file);
        Files.writeString(
                plan,
                Files.readString(ReferencePlans.file(HOME, file))
                        .replace("127.0.0.1:15432", "127.0.0.1:" + settings.postgresPort()));
        return new MigrationWalk.Endpoints(
                URI.create(state.gatewayUrl()),
                URI.create("http://127.0.0.1:" + settings.gatewayAdminPort()),
                URI.create("http://127.0.0.1:" + settings.gatewayManagementPort() + "/actuator/prometheus"),
                URI.create(state.connectUrl()),
                URI.create(state.monolithUrl()),
                plan,
                ReferencePlans.file(HOME, ReferencePlans.MIGRATION),
                stateDir);
    }

    /** A writer into {@code printed} that echoes to the test's output as it goes. */
    private static PrintWriter echoed(StringWriter printed) {
        return new PrintWriter(
                new Writer() {
                    @Override
                    public void write(char[] buf, int off, int len) {
                        printed.write(buf, off, len);
                        System.out.print(new String(buf, off, len));
                    }

                    @Override
                    public void flush() {
                        System.out.flush();
                    }

                    @Override
                    public void close() {}
                },
                true);
    }

    /** A reference plan of {@code migration-playbook/plans}, on this sandbox's databases. */
    private static MigrationPlan referencePlan(String file) throws IOException {
        return ReferencePlans.read(settings, file);
    }

    /** What the sandbox gateway does for a service that asks for a JWT: the token exchange, with its own client secret. */
    private static HttpResponse<String> exchangeAtTheIdentityService(String sessionToken) throws Exception {
        String secret = Files.readString(IdentityFiles.gateway(stateDir))
                .trim()
                .substring("strangler.identity.client-secret=".length());
        String form = "grant_type=urn:ietf:params:oauth:grant-type:token-exchange&subject_token=" + sessionToken
                + "&subject_token_type=urn:ietf:params:oauth:token-type:access_token";
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.identityPort() + "/oauth2/token"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(("strangler-gateway:" + secret)
                                                        .getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String identityRow(PostgresCluster cluster, String sql) throws Exception {
        try (var c = cluster.connect("identity");
                var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    @Order(5)
    void theCatalogMovesToTheServicePhaseByPhaseAndBackWhileTheAppNoticesNothing() throws Exception {
        StringWriter printed = new StringWriter();
        PrintWriter out = echoed(printed);
        CommandLine root = StranglerCommand.commandLine();
        root.setOut(out);
        root.setErr(out);

        MigrationWalk.Result result = new MigrationWalk(root, out, walkOn("catalog.yaml"), 4).run();

        assertThat(result.failedSteps())
                .as("steps that failed (contract suites, commands)")
                .isEmpty();
        assertThat(result.loadFailures()).as("failed requests of the load").isEmpty();
        assertThat(result.loadRequests()).isGreaterThan(500);
        assertThat(result.shadowCompared()).isGreaterThan(100);
        assertThat(result.shadowMismatches())
                .as("shadow mismatches: " + result.mismatchSamples())
                .isZero();
        assertThat(result.holdMillis()).as("writes held at cutover (ms)").isBetween(0L, 5_000L);
        assertThat(result.checkoutCharged()).isEqualByComparingTo(result.priceSetThroughService());
        assertThat(result.monolithSawPriceAfterMillis()).isNotNegative();
        assertThat(printed.toString()).contains("failed steps: none");
        assertThat(printed.toString())
                .as("strangler migrate moved the reads step by step on passing gates")
                .contains("step 1/4 shadow: passed after", "step 2/4 canary 10%: passed after")
                .contains("step 4/4 service: passed after", "contract suite pass", "catalog: done");
    }

    @Test
    @Order(5)
    void identityMovesToTheIdentityServicePhaseByPhaseAndBackWhileDevicesUseTheirAccounts() throws Exception {
        StringWriter printed = new StringWriter();
        PrintWriter out = echoed(printed);
        CommandLine root = StranglerCommand.commandLine();
        root.setOut(out);
        root.setErr(out);

        IdentityWalk.Result result = new IdentityWalk(root, out, walkOn("identity.yaml"), 2).run();

        assertThat(result.failedSteps())
                .as("steps that failed (contract suites at every phase, commands, the walk's own checks)")
                .isEmpty();
        assertThat(result.loadFailures())
                .as("failed requests of the account load")
                .isEmpty();
        assertThat(result.loadLogins()).as("logins of the load").isGreaterThan(5);
        assertThat(result.shadowCompared())
                .as("profile reads compared in shadow")
                .isGreaterThan(5);
        assertThat(result.shadowMismatches())
                .as("shadow mismatches: " + result.mismatchSamples())
                .isZero();
        assertThat(result.profileReadsServedByService())
                .as("profile reads the identity service answered")
                .isPositive();
        assertThat(result.freshSessionAtMonolithMillis())
                .as("the monolith's orders accepted the session the service had just made (ms)")
                .isBetween(0L, 3_000L);
        assertThat(printed.toString())
                .contains("EQUAL  public.app_users -> users")
                .doesNotContain("DIFFER ");
    }

    @Test
    @Order(6)
    void aWriteStillInFlightAtTheMonolithWhenTheCutoverHoldsReachesTheServiceToo() throws Exception {
        CutoverDriver driver = cutoverDriver();
        long id = 7;
        long cents = 700_001;
        driver.startReverseInert();
        // A row lock keeps the admin's PATCH in flight at the monolith (its UPDATE waits) while the cutover starts.
        try (CutoverDriver.WriteInFlight write = driver.writeInFlight(id, cents)) {
            CompletableFuture<CutoverDriver.Run> cutover =
                    CompletableFuture.supplyAsync(() -> driver.run(driver.writesArgs("cutover", "--json")));
            // Let the cutover reach its hold, and then as far as it gets within 3 s, before the write may commit:
            // without the
            // drain it passes the hand-over meanwhile and the write commits after the marker.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "holding".equals(driver.recordedStep()) || cutover.isDone());
            long holdingSince = System.nanoTime();
            while ("holding".equals(driver.recordedStep())
                    && System.nanoTime() - holdingSince < Duration.ofSeconds(3).toNanos()) {
                Thread.sleep(20);
            }
            String reached = driver.recordedStep();
            assertThat(write.answer)
                    .as("the write is still in flight at the monolith")
                    .isNotDone();

            assertThat(write.commit().statusCode())
                    .as("the client was told its write succeeded")
                    .isEqualTo(200);
            CutoverDriver.Run cut = cutover.get(60, TimeUnit.SECONDS);
            assertThat(cut.exit()).as(cut.output()).isZero();
            new SyncBarrier().await(driver.catalog(), Duration.ofSeconds(30));
            assertThat(driver.pricesInCents(id))
                    .as("monolith and catalog service both hold the acknowledged price")
                    .containsExactly(cents, cents);
            assertThat(reached)
                    .as("the cutover waits in its hold while the write is in flight")
                    .isEqualTo("holding");
            assertThat(cut.lastLineJson().path("drainMillis").asLong())
                    .as("the hold waited for the write in flight")
                    .isGreaterThan(2_000);
        }

        long after = 700_002;
        assertThat(driver.setPrice(id, BigDecimal.valueOf(after, 2)).statusCode())
                .isEqualTo(200);
        assertThat(driver.awaitPriceOnBothSides(id, after, Duration.ofSeconds(30)))
                .as("a write through the service reaches the monolith")
                .containsExactly(after, after);

        CutoverDriver.Run again = driver.run(driver.writesArgs("cutover", "--json"));
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.lastLineJson().path("settled").asString()).contains("with the service already");
        long later = 700_003;
        assertThat(driver.setPrice(id, BigDecimal.valueOf(later, 2)).statusCode())
                .isEqualTo(200);
        assertThat(driver.awaitPriceOnBothSides(id, later, Duration.ofSeconds(30)))
                .as("a second cutover leaves the live reverse stream alone: service writes still reach the monolith")
                .containsExactly(later, later);
        CutoverDriver.Run back = driver.run(driver.writesArgs("rollback"));
        assertThat(back.exit()).as(back.output()).isZero();
    }

    @Test
    @Order(7)
    void aCutoverWhoseWritesInFlightDoNotDrainInTimeIsUndoneWholeAndTheMonolithKeepsTheWrites() throws Exception {
        CutoverDriver driver = cutoverDriver();
        long id = 8;
        long cents = 800_001;
        CutoverDriver.Run failed;
        driver.startReverseInert();
        try (CutoverDriver.WriteInFlight write = driver.writeInFlight(id, cents)) {
            // A short quiet wait: the write stays in flight longer than any, and the drain then gives up after 2 s.
            failed = driver.run(driver.writesArgs("cutover", "--hold-limit", "4s", "--quiet-wait", "2s"));

            assertThat(write.commit().statusCode()).isEqualTo(200);
        }
        assertThat(failed.exit()).as(failed.output()).isNotZero();
        assertThat(failed.output()).contains("still in flight").contains("putting everything back");
        nothingIsLeftUnderWay(driver);
        assertThat(new ConnectClient(URI.create(state.connectUrl())).status("strangler-catalog_reverse-source"))
                .as("the inert reverse stream is gone")
                .isNull();
        theMonolithStillTakesAWriteThatReachesBothSides(driver, id, 800_002);
    }

    /** How long the run's routes were held, as it printed ("routes held N ms"). */
    private static long heldMillis(CutoverDriver.Run run) {
        Matcher held = Pattern.compile("routes held (\\d+) ms").matcher(run.output());
        assertThat(held.find()).as(run.output()).isTrue();
        return Long.parseLong(held.group(1));
    }

    /** {@code strangler writes status} finds no cutover under way. */
    private static void nothingIsLeftUnderWay(CutoverDriver driver) {
        assertThat(driver.run(driver.writesArgs("status")).exit())
                .as("nothing left under way")
                .isZero();
    }

    /** After an undone cutover: a price write is answered 200, is in the monolith, and the stream carries it over. */
    private static void theMonolithStillTakesAWriteThatReachesBothSides(CutoverDriver driver, long id, long cents)
            throws Exception {
        assertThat(driver.setPrice(id, BigDecimal.valueOf(cents, 2)).statusCode())
                .isEqualTo(200);
        assertThat(driver.pricesInCents(id)[0])
                .as("the monolith still takes the writes")
                .isEqualTo(cents);
        assertThat(driver.awaitPriceOnBothSides(id, cents, Duration.ofSeconds(30)))
                .as("the stream carries the write to the service's database too")
                .containsExactly(cents, cents);
    }

    @Test
    @Order(7)
    void aStreamThatStopsApplyingInsideTheHoldIsGivenUpOnSoonAndTheCutoverUndoneWithoutLosingAWrite() throws Exception {
        // The cutover check saw it: a Connect worker restarted while a cutover waited for its quiet moment answered
        // again before its tasks applied anything, and the hand-over barrier held every write for half the hold's
        // limit (5 s) before the cutover was undone. Here the forward stream's sink is paused inside the hold.
        CutoverDriver driver = cutoverDriver();
        long id = 11;
        String sink = ConnectorConfigs.sinkName(driver.catalog());
        CutoverDriver.PausedRun paused =
                driver.startPausedFor("cutover", "cutover:handing-over:before", Duration.ofSeconds(2));
        CutoverDriver.Run failed;
        try {
            connectorAction(sink, "pause");
            failed = paused.finish(Duration.ofSeconds(60));
        } finally {
            connectorAction(sink, "resume");
        }
        assertThat(failed.exit()).as(failed.output()).isEqualTo(1);
        Matcher limit = Pattern.compile("its barrier waits (\\d+) ms at most").matcher(paused.before());
        assertThat(limit.find()).as(paused.before()).isTrue();
        long limitMillis = Long.parseLong(limit.group(1));
        assertThat(limitMillis)
                .as("ten times the readiness barrier, at least 1 s, below half the hold's limit (5 s)")
                .isBetween(1000L, 4999L);
        assertThat(failed.output())
                .contains("was not applied in the target within " + limitMillis + " ms")
                .contains("putting everything back")
                .contains("cutover undone");
        assertThat(heldMillis(failed))
                .as("held for the 2 s pause and the barrier's limit, not for half the hold's limit more")
                .isLessThan(2000 + limitMillis + 2000);

        theMonolithStillTakesAWriteThatReachesBothSides(driver, id, 1_100_001);
        nothingIsLeftUnderWay(driver);
    }

    @Test
    @Order(7)
    void aStreamInterruptedWhileTheHoldWaitsForAQuietMomentIsGivenUpOnAtOnceInsideTheHold() throws Exception {
        // The cutover check saw it three times in 100 cycles: the Connect worker was killed and started again while
        // the hold waited for a quiet moment, answered again before its tasks applied anything, and the hand-over
        // barrier held every write for its whole limit. Here the forward stream's sink is paused and resumed while a
        // write in flight keeps the hold waiting for its quiet moment.
        CutoverDriver driver = cutoverDriver();
        long id = 12;
        long cents = 1_200_001;
        String sink = ConnectorConfigs.sinkName(driver.catalog());
        CutoverDriver.Run failed;
        driver.startReverseInert(); // its replication slot could not be made while a transaction is open
        try (CutoverDriver.WriteInFlight write = driver.writeInFlight(id, cents)) {
            CompletableFuture<CutoverDriver.Run> cutover =
                    CompletableFuture.supplyAsync(() -> driver.run(driver.writesArgs("cutover")));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "holding".equals(driver.recordedStep()) || cutover.isDone());
            try {
                connectorAction(sink, "pause");
                Thread.sleep(800);
            } finally {
                connectorAction(sink, "resume");
            }
            assertThat(cutover).as("still waiting for its quiet moment").isNotDone();

            assertThat(write.commit().statusCode()).isEqualTo(200);
            failed = cutover.get(60, TimeUnit.SECONDS);
        }
        assertThat(failed.exit()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output())
                .contains("was interrupted after its readiness check, while the hold waited for a quiet moment")
                .contains("PAUSED")
                .contains("putting everything back")
                .contains("cutover undone");
        assertThat(heldMillis(failed))
                .as("given up at once, not after a barrier's limit (at least 1 s)")
                .isLessThan(1000);
        assertThat(driver.pricesInCents(id)[0])
                .as("the write in flight is in the monolith")
                .isEqualTo(cents);

        theMonolithStillTakesAWriteThatReachesBothSides(driver, id, 1_200_002);
        nothingIsLeftUnderWay(driver);
    }

    @Test
    @Order(7)
    void anUndoStoppedAfterItPutEverythingBackIsFinishedWithoutHoldingTheRoutesAgain() throws Exception {
        // The cutover check saw it six times in 100 cycles: an undone cutover released the routes, then could not
        // remove its inert reverse stream (the Connect worker was down); run again, it held the routes once more and
        // waited out a slow write in flight (0.7-1.6 s), for a removal that needs no hold.
        CutoverDriver driver = cutoverDriver();
        long id = 13;
        long cents = 1_300_001;
        String sink = ConnectorConfigs.sinkName(driver.catalog());
        CutoverDriver.PausedRun paused =
                driver.startPausedAtPoints("cutover", "cutover:handing-over:before=2000,cutover:handing-over:undone");
        try {
            connectorAction(sink, "pause");
            paused.readUntil("paused at cutover:handing-over:undone", Duration.ofSeconds(60));
        } finally {
            connectorAction(sink, "resume");
        }
        CutoverDriver.kill(paused.process());
        assertThat(driver.recordedStep()).as("the killed undo's record").isEqualTo("undoing");

        CutoverDriver.Run again;
        try (CutoverDriver.WriteInFlight write = driver.writeInFlight(id, cents)) {
            again = driver.run(driver.writesArgs("rollback", "--json"));

            assertThat(write.answer)
                    .as("the run again did not wait for the write in flight")
                    .isNotDone();
            assertThat(write.commit().statusCode()).isEqualTo(200);
        }
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.lastLineJson().path("settled").asString()).isEqualTo("undid an unfinished cutover");
        assertThat(again.output()).doesNotContain("holding new requests");
        assertThat(driver.awaitPriceOnBothSides(id, cents, Duration.ofSeconds(30)))
                .as("the write in flight is in both databases")
                .containsExactly(cents, cents);
        nothingIsLeftUnderWay(driver);
        assertThat(new ConnectClient(URI.create(state.connectUrl())).status("strangler-catalog_reverse-source"))
                .as("the inert reverse stream is gone")
                .isNull();
    }

    /** PUT /connectors/NAME/pause or resume on the sandbox's Connect worker. */
    @Test
    @Order(7)
    void aCutoverWhoseNewReverseStreamCarriesNothingIsUndoneBeforeItHoldsAWrite() throws Exception {
        // The cutover check saw it: a Connect worker restarted during a cutover's first step left the reverse source's
        // task RUNNING but stuck creating its replication slot; the cutover, run again, flipped the writes onto it, the
        // monolith fell behind the service, and no rollback could pass its barrier. Here the reverse sink is paused
        // before the cutover starts the stream again (a paused connector stays paused when its config is put).
        CutoverDriver driver = cutoverDriver();
        long id = 12;
        driver.startReverseInert();
        String reverseSink = ConnectorConfigs.sinkName(driver.reverse());
        connectorAction(reverseSink, "pause");
        CutoverDriver.Run failed;
        try {
            failed = driver.run(driver.writesArgs("cutover", "--stream-wait", "3s"));
        } finally {
            connectorAction(reverseSink, "resume", 202, 404); // 404: the cutover's undo removed it
        }

        assertThat(failed.exit()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output())
                .contains("cutover failed at starting-reverse")
                .contains("sync marker catalog_reverse")
                .contains("putting everything back")
                .doesNotContain("holding new requests");
        assertThat(driver.routeMode(CutoverDriver.WRITES_ROUTE))
                .as("the writes stay with the monolith")
                .isEqualTo("monolith");
        theMonolithStillTakesAWriteThatReachesBothSides(driver, id, 1_200_001);
        nothingIsLeftUnderWay(driver);
    }

    /** PUTs {@code action} (pause, resume) of the connector; it must answer 202 (or one of {@code accepted}). */
    private static void connectorAction(String connector, String action, Integer... accepted) throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(state.connectUrl() + "/connectors/" + connector + "/" + action))
                                .PUT(HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode())
                .as(action + " " + connector)
                .isIn(accepted.length == 0 ? List.of(202) : List.of(accepted));
    }

    @Test
    @Order(8)
    void aCutoverOrRollbackKilledAtAnyStepIsFinishedByRunningItAgainAndLosesNoWrite() throws Exception {
        CutoverDriver driver = cutoverDriver();
        long id = 9;
        long cents = 900_000;
        List<CutoverStep> steps = new ArrayList<>();
        for (int i = 0; i < CutoverStep.Direction.CUTOVER.steps().size(); i++) {
            steps.add(CutoverStep.Direction.CUTOVER.steps().get(i));
            steps.add(CutoverStep.Direction.ROLLBACK.steps().get(i));
        }
        int n = 0;
        for (CutoverStep step : steps) {
            String when = n++ % 4 < 2 ? "before" : "after";
            String direction = step.direction().wire();
            String at = direction + ":" + step.wire() + ":" + when;
            // The step the gateway's record names there (a step may be recorded with the one before, or by the call
            // that takes it).
            String recorded = step.recordAt(when.equals("after")).wire();
            Process p = driver.startPausedAt(direction, at);
            CutoverDriver.kill(p);

            CutoverDriver.Run status = driver.run(driver.writesArgs("status", "--json"));
            assertThat(status.exit())
                    .as(at + ": status says it stopped half way")
                    .isEqualTo(1);
            assertThat(status.lastLineJson().path("record").path("step").asString())
                    .as(at)
                    .isEqualTo(recorded);
            if (step.recordAt(when.equals("after")).holding() && n <= 6) {
                // The dead run's hold expires: the route answers 503 rather than send a write to a side that may not
                // own it.
                HttpResponse<String> fenced = driver.setPrice(id, BigDecimal.valueOf(++cents, 2));
                assertThat(fenced.statusCode())
                        .as(at + ": a write while the cutover is unfinished")
                        .isEqualTo(503);
                assertThat(fenced.headers().firstValue("Retry-After")).as(at).isPresent();
            }

            CutoverDriver.Run again = driver.run(driver.writesArgs(direction, "--json"));
            assertThat(again.exit()).as(at + ": " + again.output()).isZero();
            assertThat(again.lastLineJson().path("settled").asString()).as(at).contains("stopped at " + recorded);
            assertThat(driver.run(driver.writesArgs("status")).exit())
                    .as(at + ": nothing under way any more")
                    .isZero();

            long written = ++cents;
            assertThat(driver.setPrice(id, BigDecimal.valueOf(written, 2)).statusCode())
                    .as(at)
                    .isEqualTo(200);
            assertThat(driver.awaitPriceOnBothSides(id, written, Duration.ofSeconds(30)))
                    .as(at + ": the write after the finished " + direction + " is in both databases")
                    .containsExactly(written, written);
        }

        // Killed before its writes were released, a cutover is undone by the opposite command.
        CutoverDriver.kill(driver.startPausedAt("cutover", "cutover:activating-reverse:after"));
        CutoverDriver.Run undone = driver.run(driver.writesArgs("rollback", "--json"));
        assertThat(undone.exit()).as(undone.output()).isZero();
        assertThat(undone.lastLineJson().path("settled").asString())
                .contains("undid a cutover that stopped at handing-over");
        long written = ++cents;
        assertThat(driver.setPrice(id, BigDecimal.valueOf(written, 2)).statusCode())
                .isEqualTo(200);
        assertThat(driver.pricesInCents(id)[0])
                .as("the monolith owns the price again")
                .isEqualTo(written);
        assertThat(driver.awaitPriceOnBothSides(id, written, Duration.ofSeconds(30)))
                .containsExactly(written, written);
    }

    @Test
    @Order(8)
    void aMigrationPlansWriteStepCutsTheWritesOverAndAGateFailingAfterItMovesThemBackFirstLosingNoWrite()
            throws Exception {
        CutoverDriver driver = cutoverDriver();
        GatewayAdmin admin = new GatewayAdmin(
                URI.create("http://127.0.0.1:" + settings.gatewayAdminPort()),
                GatewayFiles.adminToken(stateDir).orElseThrow());
        Path migrateState = stateDir.resolve("migrate-writes");
        String passing = migrationPlanWithWrites("{breakers-closed: true, max-cdc-lag: 5s}", "30s");
        long id = 10;

        CutoverDriver.Run done = driver.run(migrateArgs(passing, migrateState));

        assertThat(done.exit()).as(done.output()).isZero();
        assertThat(done.output()).contains("writes of catalog-write with the service: held");
        assertThat(admin.route("catalog-write").mode()).isEqualTo("service");
        assertThat(admin.route("catalog-read").mode()).isEqualTo("service");
        long throughService = 1_000_001;
        assertThat(driver.setPrice(id, BigDecimal.valueOf(throughService, 2)).statusCode())
                .isEqualTo(200);
        assertThat(driver.awaitPriceOnBothSides(id, throughService, Duration.ofSeconds(30)))
                .as("a write after the plan's write cutover goes to the service and back to the monolith")
                .containsExactly(throughService, throughService);

        // The same feature again with a gate that cannot get its data: the writes step starves and is rolled back,
        // the writes first (handing the service's writes back), then the reads. The writes are with the service
        // already, so the step's cutover has nothing to do; a write while it bakes goes to the service.
        assertThat(driver.run(List.of(
                                "migrate",
                                "reset",
                                "--plan",
                                passing,
                                "--feature",
                                "catalog-writes",
                                "--state-dir",
                                migrateState.toString()))
                        .exit())
                .isZero();
        String starving = migrationPlanWithWrites("{max-error-rate-increase: 0.02, min-requests: 1000000}", "2s");
        CompletableFuture<CutoverDriver.Run> migrating =
                CompletableFuture.supplyAsync(() -> driver.run(migrateArgs(starving, migrateState)));
        long duringTheStep = 1_000_002;
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> driver.run(List.of(
                                        "migrate",
                                        "status",
                                        "--plan",
                                        starving,
                                        "--state-dir",
                                        migrateState.toString()))
                                .output()
                                .contains("write cutover under way")
                        || migrating.isDone());
        int answered = driver.setPrice(id, BigDecimal.valueOf(duringTheStep, 2)).statusCode();
        CutoverDriver.Run rolledBack = migrating.get(120, TimeUnit.SECONDS);

        assertThat(answered).as("a write while the step bakes").isEqualTo(200);
        assertThat(rolledBack.exit()).as(rolledBack.output()).isEqualTo(1);
        assertThat(rolledBack.output())
                .contains("too little data")
                .contains("moving the writes of catalog-write back to the monolith first")
                .contains("writes of catalog-write back with the monolith: held");
        assertThat(rolledBack.output().indexOf("back with the monolith"))
                .as("the writes move back before the reads")
                .isLessThan(rolledBack.output().indexOf("are back on the monolith"));
        assertThat(admin.route("catalog-write").mode()).isEqualTo("monolith");
        assertThat(admin.route("catalog-read").mode()).isEqualTo("monolith");
        assertThat(driver.run(driver.writesArgs("status")).exit())
                .as("no write cutover left under way")
                .isZero();
        assertThat(driver.awaitPriceOnBothSides(id, duringTheStep, Duration.ofSeconds(30)))
                .as("the write the service took during the step is in both databases after the rollback")
                .containsExactly(duringTheStep, duringTheStep);
        long afterwards = 1_000_003;
        assertThat(driver.setPrice(id, BigDecimal.valueOf(afterwards, 2)).statusCode())
                .isEqualTo(200);
        assertThat(driver.pricesInCents(id)[0])
                .as("the monolith owns the price again")
                .isEqualTo(afterwards);
        assertThat(driver.awaitPriceOnBothSides(id, afterwards, Duration.ofSeconds(30)))
                .containsExactly(afterwards, afterwards);
        List<String> timeline = driver.run(List.of(
                        "timeline",
                        "--state-dir",
                        migrateState.toString(),
                        "--gateway-admin",
                        "http://127.0.0.1:" + settings.gatewayAdminPort(),
                        "--sandbox-dir",
                        stateDir.toString(),
                        "--since",
                        "10m"))
                .output()
                .lines()
                .toList();
        int starved = indexOf(timeline, "migrate catalog-writes [write cutover] gate-starved");
        int writesBack = indexOf(timeline, "migrate catalog-writes [write cutover] writes-rolled-back");
        int writeRouteFlipped =
                indexOf(timeline.subList(starved + 1, timeline.size()), "gateway catalog-write: service -> monolith");
        int readsBack = indexOf(timeline, "migrate catalog-writes [write cutover] rolled-back");
        assertThat(List.of(starved, writesBack, readsBack))
                .as("one timeline, oldest first, of the gateway's changes and migrate's steps: " + timeline)
                .isSorted()
                .doesNotContain(-1);
        assertThat(writeRouteFlipped)
                .as("the gateway's flip of the writes back is in the same timeline, after the gate starved")
                .isNotNegative();
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(start)) {
                return i;
            }
        }
        return -1;
    }

    /** A migration plan moving the catalog reads to the service, then the admin writes, with these writes-step gates. */
    private static String migrationPlanWithWrites(String writesGates, String maxWait) throws IOException {
        Path file = stateDir.resolve("migration-writes-" + Math.abs(writesGates.hashCode()) + ".yaml");
        Files.writeString(file, """
                features:
                  - name: catalog-writes
                    routes: [catalog-read]
                    cdc: {plan: walk-catalog.yaml, streams: [catalog]}
                    writes: {routes: [catalog-write], stream: catalog, hold-limit: 10s, quiet-wait: 2s}
                    steps:
                      - {phase: service, bake: 1s, max-wait: 30s, gates: {breakers-closed: true}}
                      - {phase: writes, bake: 1s, max-wait: %s, gates: %s}
                """.formatted(maxWait, writesGates));
        return file.toString();
    }

    private List<String> migrateArgs(String plan, Path migrateState) {
        return List.of(
                "migrate",
                "--plan",
                plan,
                "--feature",
                "catalog-writes",
                "--state-dir",
                migrateState.toString(),
                "--metrics",
                "http://127.0.0.1:" + settings.gatewayManagementPort() + "/actuator/prometheus",
                "--connect",
                state.connectUrl(),
                "--gateway-admin",
                "http://127.0.0.1:" + settings.gatewayAdminPort(),
                "--sandbox-dir",
                stateDir.toString(),
                "--base-url",
                state.gatewayUrl());
    }

    @Test
    @Order(10)
    void
            twoGatewayReplicasOnOneStateLoseNoWriteAndServeNoStaleReadAcrossCutoversWithTheCommandAReplicaAndConnectKilled()
                    throws Exception {
        CutoverDriver driver = cutoverDriver();
        GatewayAdmin admin = new GatewayAdmin(
                URI.create("http://127.0.0.1:" + settings.gatewayAdminPort()),
                GatewayFiles.adminToken(stateDir).orElseThrow());
        admin.setMode(
                "catalog-read",
                RouteMode.SERVICE,
                null,
                "cutover check: reads on the service, as the runbook has them");
        CutoverCheck.Result result;
        try (GatewayReplicas replicas = new GatewayReplicas(settings, HOME, settings.connectPort())) {
            result = new CutoverCheck(new CutoverCheckSettings(
                            URI.create("http://127.0.0.1:" + replicas.balancerPort),
                            URI.create("http://127.0.0.1:" + settings.gatewayAdminPort()),
                            List.of(URI.create("http://127.0.0.1:" + replicas.replicaAdminPort)),
                            URI.create(state.connectUrl()),
                            driver.plan(),
                            stateDir,
                            2,
                            3,
                            6,
                            3,
                            0.2,
                            7,
                            Duration.ofSeconds(1),
                            Duration.ofMinutes(10),
                            List.of(
                                    CutoverCheckSettings.Fault.COMMAND,
                                    CutoverCheckSettings.Fault.GATEWAY,
                                    CutoverCheckSettings.Fault.CONNECT),
                            List.of(replicas.faultHook.toString()),
                            null,
                            stateDir.resolve("cutover-check.jsonl"),
                            Duration.ofMillis(2_500)))
                    .run();
        } finally {
            admin.setMode("catalog-read", RouteMode.MONOLITH, null, "cutover check done");
        }
        result.report(new PrintWriter(System.out, true));

        assertThat(result.cycles()).hasSize(3);
        assertThat(result.verdict().acknowledged()).as("acknowledged writes").isGreaterThan(50);
        assertThat(result.verdict().lost()).as(result.summary()).isZero();
        assertThat(result.verdict().parityExact()).as(result.summary()).isTrue();
        assertThat(result.verdict().staleReads()).as(result.summary()).isEmpty();
    }

    private CutoverDriver cutoverDriver() throws IOException {
        Path plan = walkOn("catalog.yaml").plan();
        MigrationPlan.Stream catalog =
                referencePlan("catalog.yaml").stream("catalog").orElseThrow();
        return new CutoverDriver(
                HOME,
                plan,
                stateDir,
                state.gatewayUrl(),
                "http://127.0.0.1:" + settings.gatewayAdminPort(),
                state.connectUrl(),
                catalog);
    }

    @Test
    @Order(9)
    void aSecondUpSaysTheSandboxRunsAlreadyAndStartsNothing() {
        assertThatThrownBy(() -> sandbox.up(settings))
                .isInstanceOf(SandboxAlreadyRunningException.class)
                .hasMessageContaining("sandbox already running since " + state.startedAt())
                .hasMessageContaining("strangler sandbox status");

        StringWriter out = new StringWriter();
        int exit = cli(out).execute(upArgs());
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("already running");
        assertThat(sandbox.state(stateDir)).contains(state);
    }

    @Test
    @Order(9)
    void aSecondUpAskedForAnotherCatalogSizeThanTheRunningSandboxHasIsRefused() throws Exception {
        int products = monolithProducts();
        StringWriter out = new StringWriter();

        int exit = cli(out).execute(upArgs("--products", Integer.toString(products + 50)));

        assertThat(exit).as(out.toString()).isEqualTo(1);
        assertThat(out.toString())
                .contains(
                        "--products " + (products + 50) + " cannot be honoured",
                        "holds a catalog of " + products + " products",
                        "`strangler sandbox down --wipe --state-dir " + stateDir + "`");
        assertThat(sandbox.state(stateDir)).contains(state);
        assertThat(sandbox.status(stateDir).overall()).isEqualTo(SandboxStatus.Overall.RUNNING);
    }

    @Test
    @Order(11)
    void aSecondUpOnTheDataTheFirstLeftSaysSoNamesTheStreamsThatCameBackAndKeepsTheCatalog() throws Exception {
        List<String> streams = new ConnectClient(URI.create(state.connectUrl())).connectors();
        int products = monolithProducts();
        assertThat(sandbox.down(stateDir).clean()).isTrue();

        StringWriter out = new StringWriter();
        long begin = System.nanoTime();
        // Without --products: the default (200) gives way to the kept catalog.
        int exit = cli(out).execute(upArgs());
        System.out.printf("second up, on kept data, in %.1f s%n", (System.nanoTime() - begin) / 1e9);

        assertThat(exit).as(out.toString()).isZero();
        state = sandbox.state(stateDir).orElseThrow();
        KeptState kept = state.kept();
        assertThat(kept.clean()).isFalse();
        assertThat(kept.data()).contains(state.postgresDataDir());
        assertThat(kept.connectors())
                .as("the streams applied before the first down")
                .isNotEmpty()
                .isEqualTo(streams);
        assertThat(kept.catalogProducts()).isEqualTo(products);
        assertThat(monolithProducts()).as("the kept catalog is not reseeded").isEqualTo(products);
        assertThat(out.toString())
                .contains(
                        "Started on data an earlier run left",
                        "the monolith's catalog: " + products
                                + " products, kept (the default --products 200 seeds only an empty catalog)",
                        "streams that came back, resuming where they stopped (Kafka Connect connectors): "
                                + String.join(", ", streams),
                        "To start clean instead: `strangler sandbox down --wipe --state-dir " + stateDir + "`");
    }

    /** {@code sandbox up} on this sandbox's state directory and ports, then {@code extra}. */
    private static String[] upArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "sandbox",
                "up",
                "--state-dir",
                stateDir.toString(),
                "--postgres-port",
                Integer.toString(settings.postgresPort()),
                "--monolith-port",
                Integer.toString(settings.monolithPort()),
                "--payment-port",
                Integer.toString(settings.paymentPort()),
                "--notification-port",
                Integer.toString(settings.notificationPort()),
                "--gateway-port",
                Integer.toString(settings.gatewayPort()),
                "--gateway-admin-port",
                Integer.toString(settings.gatewayAdminPort()),
                "--kafka-port",
                Integer.toString(settings.kafkaPort()),
                "--connect-port",
                Integer.toString(settings.connectPort()),
                "--catalog-port",
                Integer.toString(settings.catalogPort()),
                "--identity-port",
                Integer.toString(settings.identityPort())));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static int monolithProducts() {
        return KeptCatalog.products(
                PostgresCluster.at(state.postgresDataDir(), settings.postgresPort()), PartCommands.MONOLITH_DATABASE);
    }

    @Test
    @Order(12)
    void downStopsEveryRecordedProcessFreesEveryPortAndWipesTheDatabase() {
        SandboxDown down = sandbox.down(stateDir, true);

        assertThat(down.recorded()).isTrue();
        assertThat(down.parts())
                .allSatisfy(p -> assertThat(p.outcome()).as(p.part().label()).isEqualTo(StoppedPart.Outcome.STOPPED));
        for (RunningPart part : state.parts()) {
            assertThat(DetachedProcesses.isAlive(part.pid()))
                    .as(part.label() + " pid " + part.pid())
                    .isFalse();
            assertThat(FreePorts.isListening(part.port()))
                    .as(part.label() + " port " + part.port())
                    .isFalse();
        }
        assertThat(stateDir.resolve(StateFile.NAME)).doesNotExist();
        assertThat(stateDir.resolve("logs/monolith.log")).exists();
        assertThat(state.postgresDataDir()).as("wiped database").doesNotExist();
        assertThat(sandbox.status(stateDir).overall()).isEqualTo(SandboxStatus.Overall.STOPPED);
        assertThat(sandbox.down(stateDir).recorded()).isFalse();
    }

    private static CommandLine cli(StringWriter out) {
        CommandLine cli = StranglerCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
