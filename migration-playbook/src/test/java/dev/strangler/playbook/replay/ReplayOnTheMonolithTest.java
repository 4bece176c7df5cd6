package dev.strangler.playbook.replay;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.strangler.infra.postgres.PostgresCluster;
import dev.strangler.infra.postgres.SharedPostgres;
import dev.strangler.infra.process.FreePorts;
import dev.strangler.playbook.StranglerCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code strangler replay} against the project's own legacy monolith (its packaged jar on a fresh database of the
 * shared test PostgreSQL, the payment and notification providers as the sandbox's WireMock stubs): a recording of a
 * customer who logs in, browses and checks out is replayed against the monolith, carrying the new session token and
 * the new order's id, and a replay without {@code --writes} leaves the monolith's data alone.
 */
class ReplayOnTheMonolithTest {

    private static final Path MONOLITH_JAR =
            Path.of("..", "legacy-monolith", "target", "legacy-monolith-0.1.0-SNAPSHOT.jar");
    private static final String CUSTOMER = "c-0123456789ab";
    private static final String VISITOR = "c-ba9876543210";

    private static final WireMockServer PAYMENT = new WireMockServer(
            options().dynamicPort().bindAddress("127.0.0.1").usingFilesUnderClasspath("sandbox/providers/payment"));
    private static final WireMockServer NOTIFICATION = new WireMockServer(options()
            .dynamicPort()
            .bindAddress("127.0.0.1")
            .usingFilesUnderClasspath("sandbox/providers/notification"));
    private static Process monolith;
    private static Path workDir;
    private static URI base;
    private static Path recording;
    private static String recordedOrderId;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startTheMonolithAndRecordACustomer() throws Exception {
        assertThat(MONOLITH_JAR)
                .as("the monolith's jar (the build makes it before the playbook's tests)")
                .exists();
        PAYMENT.start();
        NOTIFICATION.start();
        PostgresCluster postgres = SharedPostgres.cluster();
        String database = SharedPostgres.freshDatabase("replay_monolith");
        int port = FreePorts.pick();
        workDir = Files.createTempDirectory("replay-monolith");
        ProcessBuilder command = new ProcessBuilder(
                        "java",
                        "-Xmx384m",
                        "-jar",
                        MONOLITH_JAR.toString(),
                        "--server.port=" + port,
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=" + postgres.jdbcUrl(database),
                        "--spring.datasource.username=" + postgres.user(),
                        "--providers.payment.base-url=" + PAYMENT.baseUrl(),
                        "--providers.notification.base-url=" + NOTIFICATION.baseUrl(),
                        "--seed.products=3",
                        "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("monolith.log").toFile());
        // The password through the environment, not the command line other users of the machine can read.
        command.environment().put("SPRING_DATASOURCE_PASSWORD", postgres.password());
        monolith = command.start();
        base = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(monolith.isAlive())
                            .as("the monolith is running (see %s)", workDir.resolve("monolith.log"))
                            .isTrue();
                    // the seed (users first, then products) runs after the port opens
                    String page = http.send(
                                    HttpRequest.newBuilder(base.resolve("/api/products?page=0&size=1"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
                    return JsonMapper.builder()
                                    .build()
                                    .readTree(page)
                                    .get("totalItems")
                                    .intValue()
                            == 3;
                });
        recording = record();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (monolith != null) {
            monolith.destroy();
            monolith.waitFor();
        }
        PAYMENT.stop();
        NOTIFICATION.stop();
    }

    /**
     * A customer logs in, looks at their profile and the catalog, orders and looks at the order; a visitor browses. The
     * monolith's ids are small numbers (the order is 1, so is a product), which is what carrying an id must cope with.
     */
    private static Path record() {
        RecordingFixture recorder = new RecordingFixture(workDir.resolve("recording"), base);
        recorder.send(
                CUSTOMER,
                "POST",
                "/api/auth/login",
                Map.of(),
                "{\"email\": \"demo@example.com\", \"password\": \"demo-password\"}");
        assertThat(recorder.answer(CUSTOMER).has("token"))
                .as("the demo customer logged in: %s", recorder.answer(CUSTOMER))
                .isTrue();
        Map<String, String> auth = Map.of(
                "Authorization",
                "Bearer " + recorder.answer(CUSTOMER).get("token").asString());
        recorder.send(CUSTOMER, "GET", "/api/users/me", auth, null);
        recorder.get(CUSTOMER, "/api/products?page=0&size=3");
        List<JsonNode> products = new ArrayList<>();
        recorder.answer(CUSTOMER).get("items").forEach(products::add);
        long product = products.stream()
                .filter(p -> p.get("inStock").booleanValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no seeded product in stock: " + products))
                .get("id")
                .asLong();
        // another product than the one ordered, whose stock no replay changes
        long other = products.stream()
                .filter(p -> p.get("id").asLong() != product)
                .findFirst()
                .orElseThrow()
                .get("id")
                .asLong();
        recorder.get(VISITOR, "/api/categories");
        recorder.send(
                CUSTOMER,
                "POST",
                "/api/orders",
                auth,
                "{\"items\": [{\"productId\": " + product + ", \"quantity\": 1}], \"paymentToken\": \"tok_visa\"}");
        JsonNode order = recorder.answer(CUSTOMER);
        assertThat(order.has("id")).as("the order was placed: %s", order).isTrue();
        recordedOrderId = order.get("id").asString();
        recorder.send(CUSTOMER, "GET", "/api/orders/" + recordedOrderId, auth, null);
        recorder.get(VISITOR, "/api/products/" + other);
        return recorder.write();
    }

    @Test
    void theRecordingReplaysAgainstTheMonolithCarryingTheNewTokenAndTheNewOrdersId() {
        // The login's address and password were redacted before they were kept: the tester gives them. The times the
        // order and the session were created and expire at are the replay's own (no --ignore needed).
        int exit = execute(
                "--writes",
                "--secret",
                "redacted:1=demo-password",
                "--secret",
                "redacted:2=demo@example.com",
                "--caller",
                CUSTOMER,
                "--json");

        JsonNode report = JsonMapper.builder().build().readTree(out.toString());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(report.get("matched").intValue())
                .as("all the customer's requests")
                .isEqualTo(5);
        JsonNode orderRead = report.get("requests").get(4);
        assertThat(orderRead.get("method").stringValue()).isEqualTo("GET");
        assertThat(orderRead.get("url").stringValue())
                .as("the order read names the order the replay created, not the recorded one")
                .startsWith("/api/orders/")
                .isNotEqualTo("/api/orders/" + recordedOrderId);
        assertThat(orderRead.get("status").intValue())
                .as("the replayed session token was accepted")
                .isEqualTo(200);
    }

    @Test
    void withoutWritesTheLoginAndTheOrderAreSkippedAndWhatNeedsThemIsNotADifference() {
        int exit = execute();

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("skipped-write      POST /api/auth/login")
                .contains("skipped-dependency GET /api/users/me")
                .contains("skipped-dependency GET /api/orders/" + recordedOrderId)
                .contains("replayed 3 of 7 requests")
                .contains("3 matched, 0 differed, 0 failed; 2 writes skipped (no --writes), 2 skipped as depending"
                        + " on a skipped write");
    }

    private int execute(String... more) {
        List<String> args =
                new ArrayList<>(List.of("replay", "--recording", recording.toString(), "--base-url", base.toString()));
        args.addAll(List.of(more));
        CommandLine line = StranglerCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args.toArray(String[]::new));
    }
}
