package dev.strangler.playbook.migrate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.strangler.gateway.api.AuditEntry;
import dev.strangler.playbook.StranglerCommand;
import dev.strangler.playbook.route.GatewayAdmin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code strangler migrate} against the real gateway (its packaged jar, started once for the class), with WireMock
 * standing in for the monolith and the service behind it, and a bounded read load of 40 devices running through
 * every step. What is checked is what callers were answered, where the route ends up, and what the gateway's audit
 * and the migration's timeline say. The gates read the gateway's own {@code /actuator/prometheus}, or a real
 * Prometheus server scraping it (Debian's {@code prometheus}, started on first use).
 */
class MigrateTest {

    private static final String TOKEN = "migrate-test-admin-token-0123";
    private static final Path GATEWAY_JAR =
            Path.of("..", "strangler-gateway", "target", "strangler-gateway-0.1.0-SNAPSHOT.jar");
    private static final String LAMP = "{\"id\":%s,\"name\":\"Desk lamp\",\"price\":10.00}";
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    private static final WireMockServer MONOLITH =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static final WireMockServer SERVICE =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static final AtomicInteger ROUTES = new AtomicInteger();
    private static Process gateway;
    private static Path gatewayDir;
    private static int port;
    private static int adminPort;
    private static int metricsPort;
    private static GatewayAdmin admin;
    private static Process prometheus;
    private static Path prometheusDir;
    private static URI prometheusUrl;

    @TempDir
    Path stateDir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final StringWriter printed = new StringWriter();
    private final Load load = new Load();
    private int routeNo;
    private String route;

    @BeforeAll
    static void startGateway() throws Exception {
        assertThat(GATEWAY_JAR)
                .as("the gateway's jar (the build makes it before the playbook's tests)")
                .exists();
        MONOLITH.start();
        SERVICE.start();
        gatewayDir = Files.createTempDirectory("migrate-test-gateway");
        port = freePort();
        adminPort = freePort();
        metricsPort = freePort();
        Files.writeString(gatewayDir.resolve("routes.yaml"), routeFile(List.of(), "2s"));
        gateway = new ProcessBuilder(
                        "java",
                        "-Xmx256m",
                        "-jar",
                        GATEWAY_JAR.toString(),
                        "--server.port=" + port,
                        "--server.address=127.0.0.1",
                        "--strangler.routes=" + gatewayDir.resolve("routes.yaml"),
                        "--strangler.state-dir=" + gatewayDir.resolve("state"),
                        "--strangler.admin.port=" + adminPort,
                        "--strangler.admin.token=" + TOKEN,
                        "--strangler.reload-interval=200ms",
                        "--management.server.port=" + metricsPort,
                        "--management.server.address=127.0.0.1",
                        "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(gatewayDir.resolve("gateway.log").toFile())
                .start();
        admin = new GatewayAdmin(URI.create("http://127.0.0.1:" + adminPort), TOKEN);
        // A gateway that died gives up the wait at once (ignoreExceptions would have waited out the two minutes).
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .failFast(
                        "the gateway exited (see " + gatewayDir.resolve("gateway.log") + ")", () -> !gateway.isAlive())
                .ignoreExceptions()
                .until(() -> admin.routes() != null);
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor();
        }
        MONOLITH.stop();
        SERVICE.stop();
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    /**
     * A Prometheus server scraping the gateway's management port every second, started on first use and ready once
     * it holds a scrape of it.
     */
    private static synchronized URI prometheus() throws IOException {
        if (prometheus != null) {
            return prometheusUrl;
        }
        assertThat(PROMETHEUS)
                .as("Prometheus (Debian's prometheus package; .ci/run installs it)")
                .isExecutable();
        prometheusDir = Files.createTempDirectory("migrate-test-prometheus");
        int promPort = freePort();
        Files.writeString(prometheusDir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: strangler-gateway
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(metricsPort));
        prometheus = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + prometheusDir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + prometheusDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + promPort,
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(prometheusDir.resolve("prometheus.log").toFile())
                .start();
        prometheusUrl = URI.create("http://127.0.0.1:" + promPort);
        HttpClient client = HttpClient.newHttpClient();
        URI scrapedUp = prometheusUrl.resolve("/api/v1/query?query=up%7Bjob%3D%22strangler-gateway%22%7D");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .failFast(
                        "Prometheus exited (see " + prometheusDir.resolve("prometheus.log") + ")",
                        () -> !prometheus.isAlive())
                .ignoreExceptions()
                .until(() -> answer(client, prometheusUrl.resolve("/-/ready")).statusCode() == 200
                        && answer(client, scrapedUp).body().contains("\"1\"]"));
        return prometheusUrl;
    }

    /** Each test moves a route of its own, so the gateway's counters of one test are not another's. */
    @BeforeEach
    void aRouteOfItsOwn() throws Exception {
        routeNo = ROUTES.incrementAndGet();
        route = "lamps-" + routeNo;
        MONOLITH.resetAll();
        SERVICE.resetAll();
        MONOLITH.stubFor(get(urlPathMatching("/api/.*/lamps/(\\d+)"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(LAMP.formatted(1))));
        SERVICE.stubFor(get(urlPathMatching("/api/.*/lamps/(\\d+)"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(LAMP.formatted(1))));
        useRoute("2s");
        load.start();
    }

    /** Writes the route file with this test's route, its service taking at most {@code timeout}, and waits for it. */
    private void useRoute(String timeout) throws IOException {
        long before = admin.routes().stream()
                .mapToLong(dev.strangler.gateway.api.RouteView::tableVersion)
                .max()
                .orElse(-1);
        Files.writeString(gatewayDir.resolve("routes.yaml.tmp"), routeFile(List.of(route), timeout));
        Files.move(
                gatewayDir.resolve("routes.yaml.tmp"),
                gatewayDir.resolve("routes.yaml"),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> admin.routes().stream().anyMatch(r -> r.id().equals(route) && r.tableVersion() > before));
    }

    @AfterEach
    void stopLoad() throws InterruptedException {
        load.stop();
    }

    @Test
    void aFeatureMovesThroughShadowCanaryAndServiceWhenItsGatesPass() throws Exception {
        MigrationRun.Outcome outcome = run(plan("""
                      - {phase: shadow, bake: 1s, gates: {max-shadow-mismatch-rate: 0, min-comparisons: 10}}
                      - {phase: canary, percent: 50, bake: 1s,
                         gates: {max-error-rate-increase: 0.02, max-p99-ratio: 20, min-requests: 10, breakers-closed: true}}
                      - {phase: service, bake: 1s, gates: {max-error-rate-increase: 0.02, min-requests: 10}}
                """));

        assertThat(outcome.done()).as(printed.toString()).isTrue();
        assertThat(admin.route(route).mode()).isEqualTo("service");
        load.stop();
        assertThat(load.failed())
                .as("answers other than 200 seen by the load: %s", load.failures)
                .isZero();
        assertThat(load.served()).isGreaterThan(30);
        MigrateState state = MigrateState.load(stateDir);
        assertThat(state.feature("lamps").status()).isEqualTo(MigrateState.Status.DONE);
        assertThat(state.timeline().stream().map(MigrateState.Event::event))
                .containsSubsequence(
                        "step-started",
                        "step-passed",
                        "step-started",
                        "step-passed",
                        "step-started",
                        "step-passed",
                        "done");
        assertThat(audit())
                .as("every move is in the gateway's audit, with the step as the reason")
                .anySatisfy(a -> assertThat(a).contains("shadow", "migrate lamps step 1/3 shadow (started)"))
                .anySatisfy(a -> assertThat(a).contains("canary 50.0%", "migrate lamps step 2/3 canary 50% (started)"))
                .anySatisfy(a -> assertThat(a).contains("service", "migrate lamps step 3/3 service (started)"));
        assertThat(printed.toString()).contains("step 2/3 canary 50%: passed after", "service error rate");
        assertThat(admin.migrations())
                .as("the gateway keeps where the feature stands, for its status page")
                .anySatisfy(p -> {
                    assertThat(p.feature()).isEqualTo("lamps");
                    assertThat(p.status()).isEqualTo("done");
                    assertThat(p.step()).isEqualTo(3);
                    assertThat(p.phase()).isEqualTo("service");
                    assertThat(p.next()).startsWith("nothing: every step passed");
                });
    }

    @Test
    void aServiceThatFailsDuringCanaryIsRolledBackWithinItsStepAndNoCallerSeesAFailure() throws Exception {
        SERVICE.stubFor(get(urlPathMatching("/api/.*/lamps/(\\d+)"))
                .willReturn(aResponse().withStatus(500).withBody("broken")));
        Instant before = Instant.now();

        MigrationRun.Outcome outcome = run(plan("""
                      - {phase: canary, percent: 50, bake: 30s,
                         gates: {max-error-rate-increase: 0.02, min-requests: 10, breakers-closed: true}}
                      - {phase: service, bake: 1s, gates: {max-error-rate-increase: 0.02}}
                """));

        Duration toRollback = Duration.between(before, Instant.now());
        assertThat(outcome.done()).isFalse();
        // Whichever sees it first: the error share (fallbacks count as the service's errors) or the opened breaker.
        assertThat(outcome.reason())
                .contains("step 1/2 canary 50%")
                .containsAnyOf("fell back", "circuit breakers closed fail: lamps-");
        assertThat(toRollback).as("rolled back long before the 30 s bake ended").isLessThan(Duration.ofSeconds(20));
        assertThat(admin.route(route).mode()).isEqualTo("monolith");
        load.stop();
        assertThat(load.failed())
                .as("the gateway answered reads from the monolith while the service failed: %s", load.failures)
                .isZero();
        assertThat(MigrateState.load(stateDir).feature("lamps").status()).isEqualTo(MigrateState.Status.ROLLED_BACK);
        assertThat(audit()).anySatisfy(a -> assertThat(a).contains("monolith", "migrate lamps rolled back"));
        assertThat(printed.toString()).contains("ROLLING BACK lamps");
        System.out.println("failing service to rollback: " + toRollback.toMillis() + " ms");
        assertThat(admin.migrations())
                .as("the status page says what to do next")
                .anySatisfy(p -> {
                    assertThat(p.status()).isEqualTo("rolled back");
                    assertThat(p.next()).contains("fix the cause").contains("strangler migrate reset --feature lamps");
                });
    }

    @Test
    void aServiceThatAnswersTooSlowlyDuringCanaryIsRolledBackAndNoCallerWaitsForIt() throws Exception {
        useRoute("250ms");
        SERVICE.stubFor(get(urlPathMatching("/api/.*/lamps/(\\d+)"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(LAMP.formatted(1))
                        .withFixedDelay(1_500)));

        MigrationRun.Outcome outcome = run(plan("""
                      - {phase: canary, percent: 50, bake: 30s,
                         gates: {max-error-rate-increase: 0.02, min-requests: 10}}
                      - {phase: service, bake: 1s, gates: {max-error-rate-increase: 0.02}}
                """));

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.reason()).contains("step 1/2 canary 50%", "fell back");
        assertThat(admin.route(route).mode()).isEqualTo("monolith");
        load.stop();
        assertThat(load.failed())
                .as("reads past the timeout were answered by the monolith: %s", load.failures)
                .isZero();
        assertThat(load.bodies).containsOnly(LAMP.formatted(1));
    }

    @Test
    void wrongAnswersInShadowStopTheFeatureBeforeAnyCallerGetsOne() throws Exception {
        SERVICE.stubFor(get(urlPathMatching("/api/.*/lamps/(\\d+)"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"name\":\"Desk lamp\",\"price\":12.50}")));

        MigrationRun.Outcome outcome = run(plan("""
                      - {phase: shadow, bake: 20s, gates: {max-shadow-mismatch-rate: 0.01, min-comparisons: 10}}
                      - {phase: service, bake: 1s, gates: {max-error-rate-increase: 0.02}}
                """));

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.reason()).contains("shadow mismatch rate", "differed");
        assertThat(admin.route(route).mode()).isEqualTo("monolith");
        load.stop();
        assertThat(load.bodies).as("every caller got the monolith's answer").containsOnly(LAMP.formatted(1));
    }

    @Test
    void aStepWithTooLittleDataWaitsAndThenRollsBackRatherThanPassing() throws Exception {
        load.stop(); // nobody calls: no comparison can be made
        MigrationRun.Outcome outcome = run(plan("""
                      - {phase: shadow, bake: 500ms, max-wait: 2s, gates: {max-shadow-mismatch-rate: 0, min-comparisons: 5}}
                """));

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.reason()).contains("too little data", "0 of 5 comparisons needed");
        assertThat(printed.toString()).contains("waiting for data");
        assertThat(admin.route(route).mode()).isEqualTo("monolith");
    }

    @Test
    void aKilledMigrateResumesItsStepWhereItStoodWithoutStartingItOver() throws Exception {
        String steps = """
                      - {phase: canary, percent: 50, bake: 5s, gates: {max-error-rate-increase: 0.02, min-requests: 10}}
                      - {phase: service, bake: 1s, gates: {max-error-rate-increase: 0.02, min-requests: 10}}
                """;
        Path planFile = stateDir.resolve("plan.yaml");
        Files.writeString(planFile, planText(steps));
        // `strangler migrate` as its own process, killed (SIGKILL) while its first step bakes.
        ProcessBuilder command = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.strangler.playbook.StranglerCommand",
                        "migrate",
                        "--plan=" + planFile,
                        "--state-dir=" + stateDir,
                        "--gateway-admin=http://127.0.0.1:" + adminPort,
                        "--metrics=http://127.0.0.1:" + metricsPort + "/actuator/prometheus",
                        "--poll=200ms")
                .redirectErrorStream(true)
                .redirectOutput(stateDir.resolve("first-run.log").toFile());
        command.environment().put("STRANGLER_GATEWAY_ADMIN_TOKEN", TOKEN);
        Process first = command.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> MigrateState.load(stateDir).feature("lamps").status() == MigrateState.Status.RUNNING);
        Thread.sleep(1500);
        first.destroyForcibly().waitFor();
        MigrateState.Feature left = MigrateState.load(stateDir).feature("lamps");
        assertThat(left.status())
                .as("%s\n%s", left, Files.readString(stateDir.resolve("first-run.log")))
                .isEqualTo(MigrateState.Status.RUNNING);
        assertThat(left.step()).isZero();
        assertThat(admin.route(route).mode()).isEqualTo("canary");

        MigrationRun.Outcome outcome = run(plan(steps));

        assertThat(outcome.done()).as(printed.toString()).isTrue();
        assertThat(printed.toString()).contains("step 1/2 canary 50%: resuming, started");
        List<MigrateState.Event> timeline = MigrateState.load(stateDir).timeline();
        assertThat(timeline.stream().filter(e -> e.event().equals("step-started") && "canary 50%".equals(e.step())))
                .as("the step was not started over")
                .hasSize(1);
        assertThat(MigrateState.load(stateDir).feature("lamps").status()).isEqualTo(MigrateState.Status.DONE);
        assertThat(admin.route(route).mode()).isEqualTo("service");
        load.stop();
        assertThat(load.failed()).isZero();
    }

    @Test
    void gatesReadFromAPrometheusServerMoveAFeatureThroughShadowAndCanary() throws Exception {
        URI url = prometheus();

        int exit = migrate("--prometheus=" + url, """
                      - {phase: shadow, bake: 2s, max-wait: 30s,
                         gates: {max-shadow-mismatch-rate: 0, min-comparisons: 10}}
                      - {phase: canary, percent: 50, bake: 2s, max-wait: 30s,
                         gates: {max-error-rate-increase: 0.02, min-requests: 10, breakers-closed: true}}
                """);

        assertThat(exit).as(printed.toString()).isZero();
        assertThat(admin.route(route).mode()).as("the plan's last mode").isEqualTo("canary");
        assertThat(printed.toString()).contains("step 1/2 shadow: passed after", "step 2/2 canary 50%: passed after");
        assertThat(number(printed, "\\(0 of (\\d+) differed\\)"))
                .as("comparisons the shadow gate counted, read from Prometheus")
                .isGreaterThanOrEqualTo(10);
        assertThat(number(printed, "service 0\\.0% of (\\d+) \\(0 fell back\\)"))
                .as("service requests the canary's error gate counted")
                .isGreaterThanOrEqualTo(10);
        assertThat(printed.toString())
                .contains("circuit breakers closed pass: closed on every replica (" + route + ")");
        load.stop();
        assertThat(load.failed()).as("%s", load.failures).isZero();
        assertThat(MigrateState.load(stateDir).feature("lamps").status()).isEqualTo(MigrateState.Status.DONE);
        // What the gates read: one replica, named by the instance Prometheus scrapes, its series' own labels.
        Map<String, Samples> read = new PrometheusMetrics(url).read(Set.of(route));
        assertThat(read).containsOnlyKeys("127.0.0.1:" + metricsPort);
        assertThat(read.get("127.0.0.1:" + metricsPort).named("strangler_requests_seconds_count"))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.labels())
                        .containsEntry("route", route)
                        .containsKeys("target", "outcome", "reason")
                        .doesNotContainKeys("__name__", "job", "instance"));
        assertThat(read.get("127.0.0.1:" + metricsPort).named("strangler_requests_seconds_bucket"))
                .as("the histogram the p99 gate reads")
                .anySatisfy(s ->
                        assertThat(s.labels()).containsEntry("route", route).containsEntry("le", "+Inf"));
    }

    @Test
    void aServiceThatFailsDuringCanaryIsRolledBackThroughGatesReadFromPrometheus() throws Exception {
        URI url = prometheus();
        SERVICE.stubFor(get(urlPathMatching("/api/.*/lamps/(\\d+)"))
                .willReturn(aResponse().withStatus(500).withBody("broken")));
        Instant before = Instant.now();

        int exit = migrate("--prometheus=" + url, """
                      - {phase: canary, percent: 50, bake: 30s, max-wait: 30s,
                         gates: {max-error-rate-increase: 0.02, min-requests: 10, breakers-closed: true}}
                      - {phase: service, bake: 1s, gates: {max-error-rate-increase: 0.02}}
                """);

        Duration toRollback = Duration.between(before, Instant.now());
        assertThat(exit).as(printed.toString()).isEqualTo(1);
        assertThat(printed.toString())
                .contains("ROLLING BACK lamps: step 1/2 canary 50%")
                .containsAnyOf("fell back", "circuit breakers closed fail: " + route + " open at 127.0.0.1:")
                .contains("migrate: lamps rolled back");
        assertThat(toRollback).as("rolled back long before the 30 s bake ended").isLessThan(Duration.ofSeconds(20));
        assertThat(admin.route(route).mode()).isEqualTo("monolith");
        load.stop();
        assertThat(load.failed())
                .as("the gateway answered reads from the monolith while the service failed: %s", load.failures)
                .isZero();
        assertThat(MigrateState.load(stateDir).feature("lamps").status()).isEqualTo(MigrateState.Status.ROLLED_BACK);
        System.out.println("failing service to rollback, gates read from Prometheus: " + toRollback.toMillis() + " ms");
    }

    @Test
    void aPrometheusReadThatMustFollowAStepStartWaitsForTheNextScrapeAndSaysWhenNoneCame() throws Exception {
        URI url = prometheus();
        Instant now = Instant.now();

        assertThat(new PrometheusMetrics(url, Duration.ofSeconds(10), Duration.ofMillis(100))
                        .readSince(Set.of(route), now))
                .as("a scrape after now comes within the 1 s interval")
                .containsOnlyKeys("127.0.0.1:" + metricsPort);
        assertThatThrownBy(() -> new PrometheusMetrics(url, Duration.ofSeconds(1), Duration.ofMillis(100))
                        .readSince(Set.of(route), Instant.now().plusSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Prometheus at " + url + " has no scrape of 127.0.0.1:" + metricsPort)
                .hasMessageContaining("after waiting 1 s");
    }

    @Test
    void aPrometheusThatCannotAnswerIsAnErrorNamingItsUrlAndQuery() throws Exception {
        URI wrongPath = prometheus().resolve("/not-prometheus");
        URI nobody = URI.create("http://127.0.0.1:" + freePort());

        assertThatThrownBy(() -> new PrometheusMetrics(wrongPath).read(Set.of(route)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Prometheus at " + wrongPath + " answered 404 to query min by (instance)");
        assertThatThrownBy(() -> new PrometheusMetrics(nobody).read(Set.of(route)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Prometheus at " + nobody + " cannot be read (query ");
    }

    @Test
    void prometheusAndMetricsTogetherAreRefused() throws Exception {
        int exit = migrate(
                "--prometheus=http://127.0.0.1:9090",
                "--metrics=http://127.0.0.1:" + metricsPort + "/actuator/prometheus",
                "      - {phase: shadow, bake: 1s, gates: {max-shadow-mismatch-rate: 0}}\n");

        assertThat(exit).isEqualTo(2);
        assertThat(printed.toString()).contains("--prometheus and --metrics cannot be used together");
        assertThat(admin.route(route).mode()).isEqualTo("monolith");
    }

    @Test
    void aDryRunSaysWhatItWouldDoAndMovesNothing() {
        FeaturePlan.Feature feature = plan("""
                      - {phase: shadow, bake: 30s, gates: {max-shadow-mismatch-rate: 0}}
                      - {phase: canary, percent: 10, bake: 1m, gates: {max-error-rate-increase: 0.01, max-p99-ratio: 2}}
                """);
        new MigrationRun(
                        feature,
                        null,
                        null,
                        MigrateState.load(stateDir),
                        new PrintWriter(printed),
                        Duration.ofMillis(200),
                        Duration.ofSeconds(5),
                        null,
                        null,
                        null)
                .dryRun();

        assertThat(printed.toString())
                .contains("feature lamps (routes " + route + "): not started")
                .contains("would take step 1/2: routes to shadow, bake 30s")
                .contains("would take step 2/2: routes to canary 10%, bake 60s")
                .contains("back to monolith, exit 1");
        assertThat(admin.route(route).mode()).isEqualTo("monolith");
    }

    private FeaturePlan.Feature plan(String steps) {
        return new FeaturePlanReader().read("test plan", planText(steps)).feature("lamps");
    }

    private String planText(String steps) {
        return """
                features:
                  - name: lamps
                    routes: [%s]
                    steps:
                %s""".formatted(route, steps);
    }

    private MigrationRun migration(FeaturePlan.Feature feature) {
        return new MigrationRun(
                feature,
                admin,
                new ReplicaMetrics(List.of(URI.create("http://127.0.0.1:" + metricsPort + "/actuator/prometheus"))),
                MigrateState.load(stateDir),
                new PrintWriter(printed, true),
                Duration.ofMillis(200),
                Duration.ofSeconds(2),
                null,
                null,
                null);
    }

    private MigrationRun.Outcome run(FeaturePlan.Feature feature) throws InterruptedException {
        return migration(feature).run();
    }

    /**
     * {@code strangler migrate} in this JVM with {@code options} on a plan of {@code steps}: its exit code; what it
     * printed goes to {@code printed}. The admin token comes from a sandbox directory of the test's, as an operator's
     * comes from the environment.
     */
    private int migrate(String... optionsThenSteps) throws IOException {
        Path planFile = stateDir.resolve("plan.yaml");
        Files.writeString(planFile, planText(optionsThenSteps[optionsThenSteps.length - 1]));
        Path sandbox = stateDir.resolve("sandbox");
        Files.createDirectories(sandbox.resolve("gateway"));
        Files.writeString(sandbox.resolve("gateway/admin.properties"), "strangler.admin.token=" + TOKEN + "\n");
        List<String> args = new ArrayList<>(List.of(
                "migrate",
                "--plan=" + planFile,
                "--state-dir=" + stateDir,
                "--gateway-admin=http://127.0.0.1:" + adminPort,
                "--admin-token-env=MIGRATE_TEST_NO_SUCH_VARIABLE",
                "--sandbox-dir=" + sandbox,
                "--poll=200ms",
                "--progress-every=2s"));
        args.addAll(List.of(optionsThenSteps).subList(0, optionsThenSteps.length - 1));
        CommandLine cli = StranglerCommand.commandLine();
        PrintWriter out = new PrintWriter(printed, true);
        cli.setOut(out);
        cli.setErr(out);
        int exit = cli.execute(args.toArray(String[]::new));
        System.out.print(printed);
        return exit;
    }

    /** The first group of {@code pattern}'s last match in {@code text}, as a number. */
    private static int number(StringWriter text, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text.toString());
        Integer last = null;
        while (m.find()) {
            last = Integer.valueOf(m.group(1));
        }
        assertThat(last).as("%s in:\n%s", pattern, text).isNotNull();
        return last;
    }

    private List<String> audit() {
        return admin.audit(200).stream()
                .filter(a -> route.equals(a.route()))
                .map(AuditEntry::toString)
                .toList();
    }

    /** Each route with a service of its own (named after it): one test's open breaker is not the next one's. */
    private static String routeFile(List<String> routes, String timeout) {
        StringBuilder file = new StringBuilder("monolith: " + MONOLITH.baseUrl() + "\nservices:\n");
        for (String r : routes) {
            file.append("  ")
                    .append(r)
                    .append(": {url: \"")
                    .append(SERVICE.baseUrl())
                    .append("\", timeout: ")
                    .append(timeout)
                    .append("}\n");
        }
        file.append("routes:\n  - {id: elsewhere, paths: [/elsewhere/**], mode: monolith}\n");
        for (String r : routes) {
            file.append("  - {id: ")
                    .append(r)
                    .append(", methods: [GET], paths: [/api/")
                    .append(r)
                    .append("/lamps/**], service: ")
                    .append(r)
                    .append(", mode: monolith, stick-by: [header:X-Device-Id]}\n");
        }
        return file.toString();
    }

    private static HttpResponse<String> answer(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Reads from 40 devices, one every 20 ms, at most 3,000, until stopped: what each was answered. */
    private final class Load {
        private final AtomicInteger served = new AtomicInteger();
        private final Map<String, Integer> failures = new ConcurrentHashMap<>();
        private final java.util.Set<String> bodies = ConcurrentHashMap.newKeySet();
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            thread = new Thread(() -> {
                for (int i = 0; running && i < 3_000; i++) {
                    String device = "device-" + (i % 40);
                    try {
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/api/" + route + "/lamps/1"))
                                        .header("X-Device-Id", device)
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            served.incrementAndGet();
                            bodies.add(r.body());
                        } else {
                            failures.merge(r.statusCode() + " " + r.body(), 1, Integer::sum);
                        }
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        failures.merge(e.toString(), 1, Integer::sum);
                    }
                }
            });
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join();
            }
        }

        int served() {
            return served.get();
        }

        int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
