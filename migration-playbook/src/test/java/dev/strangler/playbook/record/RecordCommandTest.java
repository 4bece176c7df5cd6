package dev.strangler.playbook.record;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.strangler.gateway.api.RecordingStatus;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code strangler record} against the real gateway (its packaged jar), with WireMock standing in for the monolith
 * and a service: the recording it writes is served by WireMock as it is, each caller's requests are in order, and
 * nothing secret is in it.
 */
class RecordCommandTest {

    private static final String TOKEN = "record-test-admin-token-0123";
    private static final Path GATEWAY_JAR =
            Path.of("..", "strangler-gateway", "target", "strangler-gateway-0.1.0-SNAPSHOT.jar");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final WireMockServer MONOLITH =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static final WireMockServer SERVICE =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static Process gateway;
    private static Path gatewayDir;
    private static int port;
    private static int adminPort;
    private static GatewayAdmin admin;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final StringWriter printed = new StringWriter();
    private final StringWriter errors = new StringWriter();

    @BeforeAll
    static void startGateway() throws Exception {
        assertThat(GATEWAY_JAR)
                .as("the gateway's jar (the build makes it before the playbook's tests)")
                .exists();
        MONOLITH.start();
        SERVICE.start();
        gatewayDir = Files.createTempDirectory("record-test-gateway");
        port = freePort();
        adminPort = freePort();
        Files.writeString(gatewayDir.resolve("routes.yaml"), """
                monolith: %s
                services:
                  catalog:
                    url: %s
                routes:
                  - id: catalog-read
                    methods: [GET]
                    paths: [/api/products/**]
                    service: catalog
                    mode: service
                """.formatted(MONOLITH.baseUrl(), SERVICE.baseUrl()));
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
                        "--management.server.port=" + freePort(),
                        "--management.server.address=127.0.0.1",
                        "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(gatewayDir.resolve("gateway.log").toFile())
                .start();
        admin = new GatewayAdmin(URI.create("http://127.0.0.1:" + adminPort), TOKEN);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(gateway.isAlive())
                            .as("the gateway is running (see %s)", gatewayDir.resolve("gateway.log"))
                            .isTrue();
                    return admin.recording() != null;
                });
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

    @Test
    void theRecordingIsServedByWireMockAsItIsKeepsEachCallersOrderAndHoldsNoSecret() throws Exception {
        MONOLITH.stubFor(post(urlPathEqualTo("/api/login"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Set-Cookie", "SESSION=sess-S3CRET-1; Path=/")
                        .withBody("{\"token\":\"tok-S3CRET-1\",\"email\":\"ann@example.com\"}")));
        MONOLITH.stubFor(get(urlPathEqualTo("/api/orders"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("[{\"id\":7}]")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/products/5"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":5,\"name\":\"Desk lamp\"}")));
        Path out = dir.resolve("recording");

        CompletableFuture<Integer> recording =
                CompletableFuture.supplyAsync(() -> record("--out=" + out, "--count=4", "--poll=100ms"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> recording.isDone() || admin.recording().on());
        assertThat(recording.isDone())
                .as("the command ended early: %s %s", printed, errors)
                .isFalse();
        send("POST", "/api/login", "{\"user\":\"ann\",\"password\":\"pw-S3CRET-1\"}", "X-Device-Id", "phone-1");
        send(
                "GET",
                "/api/products/5?page=2",
                null,
                "Authorization",
                "Bearer tok-S3CRET-1",
                "Accept",
                "application/json");
        send("GET", "/api/orders", null, "Authorization", "Bearer tok-S3CRET-1", "Accept", "application/json");
        send("GET", "/api/products/5?page=2", null, "X-Device-Id", "phone-2", "Accept", "application/json");

        assertThat(recording.get(60, TimeUnit.SECONDS))
                .as(printed + "\n" + errors)
                .isZero();
        assertThat(printed.toString()).contains("recorded 4 exchanges of 3 caller(s) into " + out);
        assertThat(admin.recording().on())
                .as("the command stopped the recording")
                .isFalse();

        JsonNode summary = JSON.readTree(out.resolve("recording.json").toFile());
        assertThat(summary.path("format").asString()).isEqualTo("strangler-recording/1");
        assertThat(summary.path("exchanges").asInt()).isEqualTo(4);
        assertThat(summary.path("gateways").get(0).asString()).isEqualTo("http://127.0.0.1:" + adminPort);
        assertThat(summary.path("redacted").path("headers").toString()).contains("Authorization", "Set-Cookie");

        List<Path> files;
        try (Stream<Path> listed = Files.list(out.resolve("mappings"))) {
            files = listed.sorted().toList();
        }
        assertThat(files)
                .extracting(f -> f.getFileName().toString())
                .containsExactly(
                        "000001-post-api-login.json",
                        "000002-get-api-products-5.json",
                        "000003-get-api-orders.json",
                        "000004-get-api-products-5.json");
        List<StubMapping> mappings = new ArrayList<>();
        for (Path f : files) {
            mappings.add(StubMapping.buildFrom(Files.readString(f)));
        }
        Map<String, Object> products = metadata(mappings.get(1));
        assertThat(products)
                .containsEntry("sequence", 2)
                .containsEntry("route", "catalog-read")
                .containsEntry("mode", "service")
                .containsEntry("side", "service")
                .containsEntry("template", "/api/products/**");
        assertThat(metadata(mappings.get(0))).containsEntry("side", "monolith").containsEntry("route", null);

        String token = JSON.readTree(mappings.get(0).getResponse().getBody())
                .path("token")
                .asString();
        assertThat(token).matches("«redacted:\\d+»");
        assertThat(requestHeaders(mappings.get(1)).get("Authorization"))
                .as("the later request's Bearer token reads as the token the login answered")
                .isEqualTo(List.of("Bearer " + token));

        JsonNode callers = JSON.readTree(out.resolve("callers.json").toFile()).path("callers");
        String withToken = (String) metadata(mappings.get(1)).get("caller");
        assertThat(callers.path(withToken).toString())
                .as("that caller's requests in order")
                .isEqualTo("[\"" + mappings.get(1).getId() + "\",\""
                        + mappings.get(2).getId() + "\"]");
        assertThat(metadata(mappings.get(2))).containsEntry("callerSequence", 2);
        assertThat(callers.size()).isEqualTo(3);

        for (Path f : allFiles(out)) {
            assertThat(Files.readString(f)).as("%s holds no secret", f).doesNotContain("S3CRET", "ann@example.com");
        }

        WireMockServer stubs = new WireMockServer(
                options().dynamicPort().bindAddress("127.0.0.1").usingFilesUnderDirectory(out.toString()));
        stubs.start();
        try {
            HttpResponse<String> served = http.send(
                    HttpRequest.newBuilder(URI.create(stubs.baseUrl() + "/api/products/5?page=2"))
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo("{\"id\":5,\"name\":\"Desk lamp\"}");
            assertThat(served.headers().firstValue("Content-Type")).hasValue("application/json");
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(stubs.baseUrl() + "/api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"user\":\"ann\",\"password\":\"«redacted:1»\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode())
                    .as("the login stub matches the recorded body, placeholder and all")
                    .isEqualTo(200);
            assertThat(login.body()).contains("\"token\":\"" + token + "\"");
        } finally {
            stubs.stop();
        }
    }

    @Test
    void aWrongRateIsRefusedWithTheGatewaysWordsAndNothingIsLeftRecording() throws Exception {
        Path out = dir.resolve("never");

        int exit = record("--out=" + out, "--duration=1s", "--rate=2");

        assertThat(exit).isEqualTo(2);
        assertThat(errors.toString()).contains("rate must be between 0 and 1 (was 2.0)");
        assertThat(admin.recording().on()).isFalse();
        assertThat(out).doesNotExist();
    }

    @Test
    void aDirectoryThatHoldsAnythingIsNeverWrittenOver() throws Exception {
        Path out = Files.createDirectories(dir.resolve("used"));
        Files.writeString(out.resolve("notes.txt"), "mine");

        int exit = record("--out=" + out, "--duration=1s");

        assertThat(exit).isEqualTo(2);
        assertThat(errors.toString()).contains("is not empty");
        RecordingStatus status = admin.recording();
        assertThat(status.on()).as("nothing was started").isFalse();
        assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void aRecordingReplaysThroughTheGatewayWithNoDifferenceCarryingTheTokenALoginAnsweredIntoTheCallsThatNeedIt()
            throws Exception {
        MONOLITH.stubFor(post(urlPathEqualTo("/api/login"))
                .atPriority(2)
                .willReturn(aResponse().withStatus(401)));
        MONOLITH.stubFor(post(urlPathEqualTo("/api/login"))
                .atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.password", com.github.tomakehurst.wiremock.client.WireMock.equalTo("pw")))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"token\":\"tok-S3CRET-2\"}")));
        // Only the token the login answered opens the orders: a replay that sent the placeholder would get a 401.
        MONOLITH.stubFor(get(urlPathEqualTo("/api/orders"))
                .atPriority(1)
                .withHeader(
                        "Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer tok-S3CRET-2"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("[{\"id\":7}]")));
        MONOLITH.stubFor(get(urlPathEqualTo("/api/orders"))
                .atPriority(2)
                .willReturn(aResponse().withStatus(401)));
        Path out = dir.resolve("replayed-recording");
        CompletableFuture<Integer> recording =
                CompletableFuture.supplyAsync(() -> record("--out=" + out, "--count=2", "--poll=100ms"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> recording.isDone() || admin.recording().on());
        send("POST", "/api/login", "{\"user\":\"bo\",\"password\":\"pw\"}", "X-Device-Id", "phone-3");
        send("GET", "/api/orders", null, "Authorization", "Bearer tok-S3CRET-2", "Accept", "application/json");
        assertThat(recording.get(60, TimeUnit.SECONDS))
                .as(printed + "\n" + errors)
                .isZero();

        // The recording keeps the login's password as a placeholder; the tester gives it, as the replay asks.
        String login;
        try (var files = Files.list(out.resolve("mappings"))) {
            login = Files.readString(files.filter(f -> f.toString().endsWith("-post-api-login.json"))
                    .findFirst()
                    .orElseThrow());
        }
        assertThat(login).doesNotContain("\"pw\"");
        java.util.regex.Matcher password = java.util.regex.Pattern.compile("password[^«]*«(redacted:\\d+)»")
                .matcher(login);
        assertThat(password.find()).as(login).isTrue();
        Path secrets = Files.writeString(dir.resolve("secrets"), password.group(1) + "=pw\n");
        StringWriter replayed = new StringWriter();
        int exit = StranglerCommand.commandLine()
                .setOut(new PrintWriter(replayed, true))
                .setErr(new PrintWriter(replayed, true))
                .execute(
                        "replay",
                        "--recording=" + out,
                        "--base-url=http://127.0.0.1:" + port,
                        "--writes",
                        "--secrets=" + secrets);

        assertThat(exit).as(replayed.toString()).isZero();
        assertThat(MONOLITH.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                                urlPathEqualTo("/api/orders"))
                        .withHeader(
                                "Authorization",
                                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer tok-S3CRET-2"))))
                .as("the recorded call and its replay both sent the login's token")
                .hasSize(2);
    }

    @AfterEach
    void forgetTheStubs() {
        MONOLITH.resetAll();
        SERVICE.resetAll();
    }

    /** {@code strangler record} in this JVM: its exit code; the admin token comes from a sandbox directory of the test's. */
    private int record(String... options) {
        try {
            Path sandbox = dir.resolve("sandbox");
            Files.createDirectories(sandbox.resolve("gateway"));
            Files.writeString(sandbox.resolve("gateway/admin.properties"), "strangler.admin.token=" + TOKEN + "\n");
            List<String> args = new ArrayList<>(List.of(
                    "record",
                    "--gateway-admin=http://127.0.0.1:" + adminPort,
                    "--admin-token-env=RECORD_TEST_NO_SUCH_VARIABLE",
                    "--sandbox-dir=" + sandbox));
            args.addAll(Arrays.asList(options));
            return StranglerCommand.commandLine()
                    .setOut(new PrintWriter(printed, true))
                    .setErr(new PrintWriter(errors, true))
                    .execute(args.toArray(String[]::new));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.headers(headers);
        assertThat(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(StubMapping mapping) {
        return (Map<String, Object>) mapping.getMetadata().get("strangler");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> requestHeaders(StubMapping mapping) {
        return (Map<String, Object>) metadata(mapping).get("requestHeaders");
    }

    private static List<Path> allFiles(Path root) throws IOException {
        try (Stream<Path> walked = Files.walk(root)) {
            return walked.filter(Files::isRegularFile).toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
