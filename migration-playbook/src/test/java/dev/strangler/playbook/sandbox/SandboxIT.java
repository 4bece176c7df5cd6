package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.cdc.sync.Parity;
import dev.strangler.cdc.sync.SyncBarrier;
import dev.strangler.infra.process.DetachedProcesses;
import dev.strangler.playbook.contract.ContractSuite;
import dev.strangler.playbook.contract.SuiteReport;
import dev.strangler.playbook.migration.MigrationWalk;
import dev.strangler.infra.process.FreePorts;
import dev.strangler.playbook.cli.StranglerCommand;
import org.junit.jupiter.api.AfterAll;
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

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PROGRESS = new CopyOnWriteArrayList<>();

    private static Path stateDir;
    private static SandboxSettings settings;
    private static Sandbox sandbox;
    private static SandboxState state;

    @BeforeAll
    static void up() throws IOException {
        stateDir = Files.createTempDirectory("strangler-sandbox-it");
        settings = new SandboxSettings(HOME, stateDir, FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), 100,
                FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
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
            new SandboxPostgres().destroy(SandboxPostgres.dataDirFor(stateDir, settings.postgresPort()), settings.postgresPort());
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
        String paymentUrl = state.part(SandboxPart.PAYMENT_PROVIDER).orElseThrow().url();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(paymentUrl + "/v1/charges"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "it-1")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"amountCents\":100,\"currency\":\"EUR\",\"source\":\"tok_chargeDeclined\",\"reference\":\"it-1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(response.body()).contains("card_declined");
    }

    @Test
    @Order(4)
    void theMobileContractSuitePassesAgainstTheSandboxMonolith() {
        SuiteReport report = new ContractSuite(URI.create(state.monolithUrl()), HTTP).run();

        assertThat(report.results()).hasSize(ContractSuite.scenarioNames().size());
        assertThat(report.results()).allSatisfy(r -> assertThat(r.failures()).as(r.name()).isEmpty());
        assertThat(report.passed()).isTrue();
    }

    @Test
    @Order(4)
    void theMobileContractSuitePassesThroughTheGatewayInFrontOfTheMonolith() {
        SuiteReport report = new ContractSuite(URI.create(state.gatewayUrl()), HTTP).run();

        assertThat(report.results()).allSatisfy(r -> assertThat(r.failures()).as(r.name()).isEmpty());
        assertThat(report.passed()).isTrue();
    }

    @Test
    @Order(4)
    void theReferenceCatalogStreamCopiesTheMonolithsCatalogIntoTheCatalogDatabase() throws Exception {
        String jdbc = "jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/";
        MigrationPlan plan = new PlanReader().read("catalog.yaml", Files.readString(HOME.resolve("migration-playbook/plans/catalog.yaml")),
                name -> switch (name) {
                    case "STRANGLER_MONOLITH_DB_URL" -> jdbc + "monolith";
                    case "STRANGLER_CATALOG_DB_URL" -> jdbc + "catalog";
                    default -> null;
                });
        MigrationPlan.Stream catalog = plan.stream("catalog").orElseThrow();
        new CdcStreams(new ConnectClient(URI.create(state.connectUrl()))).apply("catalog.yaml", plan, catalog);

        SyncBarrier.Passed passed = new SyncBarrier().await(catalog, java.time.Duration.ofSeconds(120));

        assertThat(passed.lag()).isPositive();
        assertThat(new Parity(1000).compare(catalog, line -> { })).hasSize(2).allSatisfy(t -> {
            assertThat(t.equal()).as(t.toString()).isTrue();
            assertThat(t.sourceRows()).isPositive();
        });
    }

    @Test
    @Order(5)
    void theCatalogMovesToTheServicePhaseByPhaseAndBackWhileTheAppNoticesNothing() throws Exception {
        Path plan = stateDir.resolve("catalog-plan.yaml");
        Files.writeString(plan, Files.readString(HOME.resolve("migration-playbook/plans/catalog.yaml"))
                .replace("127.0.0.1:15432", "127.0.0.1:" + settings.postgresPort()));
        MigrationWalk.Endpoints endpoints = new MigrationWalk.Endpoints(URI.create(state.gatewayUrl()),
                URI.create("http://127.0.0.1:" + settings.gatewayAdminPort()), URI.create(state.connectUrl()),
                URI.create(state.monolithUrl()), plan, stateDir);
        StringWriter printed = new StringWriter();
        PrintWriter out = new PrintWriter(new java.io.Writer() {
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
            public void close() {
            }
        }, true);
        CommandLine root = new CommandLine(new StranglerCommand());
        root.setOut(out);
        root.setErr(out);

        MigrationWalk.Result result = new MigrationWalk(root, out, endpoints, 4).run();

        assertThat(result.failedSteps()).as("steps that failed (contract suites, commands)").isEmpty();
        assertThat(result.loadFailures()).as("failed requests of the load").isEmpty();
        assertThat(result.loadRequests()).isGreaterThan(500);
        assertThat(result.shadowCompared()).isGreaterThan(100);
        assertThat(result.shadowMismatches()).as("shadow mismatches: " + result.mismatchSamples()).isZero();
        assertThat(result.holdMillis()).as("writes held at cutover (ms)").isBetween(0L, 5_000L);
        assertThat(result.checkoutCharged()).isEqualByComparingTo(result.priceSetThroughService());
        assertThat(result.monolithSawPriceAfterMillis()).isNotNegative();
        assertThat(printed.toString()).contains("failed steps: none");
    }

    @Test
    @Order(6)
    void aSecondUpSaysTheSandboxRunsAlreadyAndStartsNothing() {
        assertThatThrownBy(() -> sandbox.up(settings))
                .isInstanceOf(SandboxAlreadyRunningException.class)
                .hasMessageContaining("sandbox already running since " + state.startedAt())
                .hasMessageContaining("strangler sandbox status");

        StringWriter out = new StringWriter();
        int exit = cli(out).execute("sandbox", "up", "--state-dir", stateDir.toString(),
                "--postgres-port", Integer.toString(settings.postgresPort()), "--monolith-port", Integer.toString(settings.monolithPort()),
                "--payment-port", Integer.toString(settings.paymentPort()),
                "--notification-port", Integer.toString(settings.notificationPort()),
                "--gateway-port", Integer.toString(settings.gatewayPort()),
                "--gateway-admin-port", Integer.toString(settings.gatewayAdminPort()),
                "--kafka-port", Integer.toString(settings.kafkaPort()), "--connect-port", Integer.toString(settings.connectPort()),
                "--catalog-port", Integer.toString(settings.catalogPort()));
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("already running");
        assertThat(sandbox.state(stateDir)).contains(state);
    }

    @Test
    @Order(7)
    void downStopsEveryRecordedProcessFreesEveryPortAndWipesTheDatabase() {
        SandboxDown down = sandbox.down(stateDir, true);

        assertThat(down.recorded()).isTrue();
        assertThat(down.parts()).allSatisfy(p -> assertThat(p.outcome()).as(p.part().label()).isEqualTo(StoppedPart.Outcome.STOPPED));
        for (RunningPart part : state.parts()) {
            assertThat(DetachedProcesses.isAlive(part.pid())).as(part.label() + " pid " + part.pid()).isFalse();
            assertThat(FreePorts.isListening(part.port())).as(part.label() + " port " + part.port()).isFalse();
        }
        assertThat(stateDir.resolve(StateFile.NAME)).doesNotExist();
        assertThat(stateDir.resolve("logs/monolith.log")).exists();
        assertThat(state.postgresDataDir()).as("wiped database").doesNotExist();
        assertThat(sandbox.status(stateDir).overall()).isEqualTo(SandboxStatus.Overall.STOPPED);
        assertThat(sandbox.down(stateDir).recorded()).isFalse();
    }

    private static CommandLine cli(StringWriter out) {
        CommandLine cli = new CommandLine(new StranglerCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
