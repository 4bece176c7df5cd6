package dev.strangler.playbook.replay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.strangler.playbook.StranglerCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code strangler replay} and {@code strangler stubs} on recordings of a small app (WireMock standing in for the
 * app, which is recorded for real and then changed the way a target can differ): what is printed and the exit code a
 * CI job sees.
 */
class ReplayCommandTest {

    private static final String PRODUCT = "{\"id\": 5, \"name\": \"Desk lamp\", \"price\": 12.90}";

    private final WireMockServer app =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        app.start();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void aTargetThatAnswersAsRecordedPasses() {
        app.stubFor(get(urlEqualTo("/api/products/5?page=2")).willReturn(json(200, PRODUCT)));
        Path recording =
                recorder().get("c-000000000001", "/api/products/5?page=2").write();

        int exit = replay(recording);

        assertThat(exit).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("PASSED: replayed 1 of 1 requests").contains("1 matched, 0 differed");
    }

    @Test
    void aChangedFieldIsReportedWithItsJsonPathAndTheRequest() throws IOException {
        app.stubFor(get(urlEqualTo("/api/products/5")).willReturn(json(200, PRODUCT)));
        Path recording = recorder().get("c-000000000001", "/api/products/5").write();
        String file;
        try (var files = Files.list(recording.resolve("mappings"))) {
            file = files.findFirst().orElseThrow().getFileName().toString();
        }
        app.stubFor(get(urlEqualTo("/api/products/5"))
                .willReturn(json(200, "{\"id\": 5, \"name\": \"Desk lamp\", \"price\": 13.90}")));

        int exit = replay(recording);

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains("differed")
                .contains("GET /api/products/5")
                .contains(file)
                .contains("$.price: 12.9 vs 13.9")
                .contains("FAILED: replayed 1 of 1 requests")
                .contains("0 matched, 1 differed");
    }

    @Test
    void theTokenALoginAnsweredIsCarriedIntoTheCallersLaterRequests() {
        app.stubFor(post(urlEqualTo("/api/login")).willReturn(json(200, "{\"token\": \"first-token\"}")));
        app.stubFor(get(urlEqualTo("/api/me")).willReturn(json(401, "{\"error\": \"unauthenticated\"}")));
        app.stubFor(get(urlEqualTo("/api/me"))
                .withHeader("Authorization", equalTo("Bearer first-token"))
                .willReturn(json(200, "{\"name\": \"Ada\"}")));
        RecordingFixture recorder = recorder()
                .send("c-000000000001", "POST", "/api/login", Map.of(), "{\"user\": \"ada\"}")
                .send("c-000000000001", "GET", "/api/me", Map.of("Authorization", "Bearer first-token"), null);
        Path recording = recorder.write();
        // The app now hands out another token, and takes only that one.
        app.resetAll();
        app.stubFor(post(urlEqualTo("/api/login")).willReturn(json(200, "{\"token\": \"second-token\"}")));
        app.stubFor(get(urlEqualTo("/api/me")).willReturn(json(401, "{\"error\": \"unauthenticated\"}")));
        app.stubFor(get(urlEqualTo("/api/me"))
                .withHeader("Authorization", equalTo("Bearer second-token"))
                .willReturn(json(200, "{\"name\": \"Ada\"}")));

        int exit = replay(recording, "--writes");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("2 matched, 0 differed");
        assertThat(recording.resolve("mappings"))
                .as("the recording keeps no token, only its placeholder")
                .isDirectoryNotContaining(p -> read(p).contains("first-token"));
    }

    @Test
    void aRedactedPasswordIsNotSentAsItsPlaceholderButAskedForAndSentWhenGiven() throws IOException {
        app.stubFor(post(urlEqualTo("/api/login")).willReturn(json(401, "{\"error\": \"bad credentials\"}")));
        app.stubFor(post(urlEqualTo("/api/login"))
                .withRequestBody(matchingJsonPath("$.password", equalTo("s3cret")))
                .willReturn(json(200, "{\"token\": \"first-token\"}")));
        app.stubFor(get(urlEqualTo("/api/me"))
                .withHeader("Authorization", equalTo("Bearer first-token"))
                .willReturn(json(200, "{\"name\": \"Ada\"}")));
        Path recording = recorder()
                .send("c-000000000001", "POST", "/api/login", Map.of(), "{\"user\": \"ada\", \"password\": \"s3cret\"}")
                .send("c-000000000001", "GET", "/api/me", Map.of("Authorization", "Bearer first-token"), null)
                .write();
        assertThat(recording.resolve("mappings"))
                .as("the recording keeps no password, only its placeholder")
                .isDirectoryNotContaining(p -> read(p).contains("s3cret"));
        app.resetRequests();

        int without = replay(recording, "--writes", "--json");

        JsonNode report = JsonMapper.builder().build().readTree(out.toString());
        assertThat(without).as(out.toString()).isEqualTo(1);
        assertThat(report.get("neededSecrets").intValue()).isEqualTo(1);
        assertThat(report.get("requests").get(0).get("outcome").stringValue()).isEqualTo("needs-secret");
        assertThat(report.get("requests").get(0).get("note").stringValue())
                .contains("«redacted:1»")
                .contains("body")
                .contains("--secret redacted:1=VALUE");
        assertThat(report.get("requests").get(1).get("outcome").stringValue())
                .as("the token only that login would have given")
                .isEqualTo("skipped-dependency");
        assertThat(app.findAll(postRequestedFor(anyUrl())))
                .as("no login with the placeholder for a password reached the app")
                .isEmpty();

        out.getBuffer().setLength(0);
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "# the recorded user's password\nredacted:1=s3cret\n");
        int given = replay(recording, "--writes", "--secrets", secrets.toString());

        assertThat(given).as(out.toString()).isZero();
        assertThat(out.toString()).contains("2 matched, 0 differed");
    }

    @Test
    void aUserTheRecordingRegisteredIsRegisteredAnewWithInventedSecretsAndLogsInWithTheSameOnes() {
        app.stubFor(post(urlEqualTo("/api/register"))
                .willReturn(templated(201, "{\"email\": \"{{jsonPath request.body '$.email'}}\"}")));
        app.stubFor(post(urlEqualTo("/api/login"))
                .willReturn(templated(200, "{\"token\": \"t-{{jsonPath request.body '$.password'}}\"}")));
        app.stubFor(get(urlEqualTo("/api/me")).willReturn(json(401, "{\"error\": \"unauthenticated\"}")));
        app.stubFor(get(urlEqualTo("/api/me"))
                .withHeader("Authorization", matching("Bearer t-.+"))
                .willReturn(json(200, "{\"name\": \"Ada\"}")));
        String ada = "{\"email\": \"ada@example.org\", \"password\": \"s3cret\"}";
        Path recording = recorder()
                .send("c-000000000001", "POST", "/api/register", Map.of(), ada)
                .send("c-000000000001", "POST", "/api/login", Map.of(), ada)
                .send("c-000000000001", "GET", "/api/me", Map.of("Authorization", "Bearer t-s3cret"), null)
                .write();
        app.resetRequests();

        int exit = replay(recording, "--writes", "--invent-secrets");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("3 matched, 0 differed");
        JsonNode registered = JsonMapper.builder()
                .build()
                .readTree(app.findAll(postRequestedFor(urlEqualTo("/api/register")))
                        .get(0)
                        .getBodyAsString());
        JsonNode loggedIn = JsonMapper.builder()
                .build()
                .readTree(app.findAll(postRequestedFor(urlEqualTo("/api/login")))
                        .get(0)
                        .getBodyAsString());
        assertThat(registered.get("email").asString())
                .as("an address, for an e-mail field")
                .matches("replay-[0-9a-f]+-\\d+@example\\.com");
        assertThat(registered.get("password").asString())
                .isNotEqualTo("s3cret")
                .doesNotContain("redacted")
                .hasSizeGreaterThanOrEqualTo(20);
        assertThat(loggedIn)
                .as("the login sends what the registration invented")
                .isEqualTo(registered);
    }

    @Test
    void aSecretNamedWronglyIsRefusedWithWhatToWrite() {
        Path recording = recorder().get("c-000000000001", "/api/products/5").write();

        int exit = replay(recording, "--secret", "password=s3cret");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("'password' names no placeholder: write redacted:N");
    }

    @Test
    void anIdAWriteWasGivenIsCarriedIntoTheCallersLaterRequests() {
        app.stubFor(post(urlEqualTo("/api/orders")).willReturn(json(201, "{\"id\": 17, \"status\": \"PLACED\"}")));
        app.stubFor(get(urlEqualTo("/api/orders/17")).willReturn(json(200, "{\"id\": 17, \"status\": \"PLACED\"}")));
        Path recording = recorder()
                .send("c-000000000001", "POST", "/api/orders", Map.of(), "{\"productId\": 5}")
                .get("c-000000000001", "/api/orders/17")
                .write();
        app.resetAll();
        app.stubFor(post(urlEqualTo("/api/orders")).willReturn(json(201, "{\"id\": 42, \"status\": \"PLACED\"}")));
        app.stubFor(get(urlEqualTo("/api/orders/42")).willReturn(json(200, "{\"id\": 42, \"status\": \"PLACED\"}")));

        int exit = replay(recording, "--writes", "--json");

        JsonNode report = JsonMapper.builder().build().readTree(out.toString());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(report.get("matched").intValue()).isEqualTo(2);
        assertThat(report.get("requests").get(1).get("url").stringValue())
                .as("the later GET names the id the replayed write was given")
                .isEqualTo("/api/orders/42");
    }

    @Test
    void theTimesOfWhatAReplayedWriteCreatedAreTakenAsTheReplaysOwnWhileAFixedTimeIsStillCompared() throws Exception {
        Instant recordedAt = Instant.now();
        app.stubFor(
                post(urlEqualTo("/api/orders")).willReturn(json(201, order(17, recordedAt, "2020-01-01T00:00:00Z"))));
        app.stubFor(
                get(urlEqualTo("/api/orders/17")).willReturn(json(200, order(17, recordedAt, "2020-01-01T00:00:00Z"))));
        Path recording = recorder()
                .send("c-000000000001", "POST", "/api/orders", Map.of(), "{\"productId\": 5}")
                .get("c-000000000001", "/api/orders/17")
                .write();
        Thread.sleep(2_500); // a replay runs later than its recording
        app.resetAll();
        Instant replayedAt = Instant.now();
        app.stubFor(
                post(urlEqualTo("/api/orders")).willReturn(json(201, order(42, replayedAt, "2020-01-01T00:00:00Z"))));
        // The service under test gets the product's fixed release time wrong by a day.
        app.stubFor(
                get(urlEqualTo("/api/orders/42")).willReturn(json(200, order(42, replayedAt, "2020-01-02T00:00:00Z"))));

        int exit = replay(recording, "--writes", "--json");

        JsonNode report = JsonMapper.builder().build().readTree(out.toString());
        assertThat(exit).as(out.toString()).isEqualTo(1);
        JsonNode created = report.get("requests").get(0);
        assertThat(created.get("outcome").stringValue()).isEqualTo("matched");
        assertThat(created.get("moments")).extracting(JsonNode::stringValue).containsExactly("$.createdAt", "$.payBy");
        JsonNode read = report.get("requests").get(1);
        assertThat(read.get("differences"))
                .extracting(JsonNode::stringValue)
                .as("the creation time, read later, is still the write's moment; the fixed time is compared")
                .containsExactly("$.releasedAt: \"2020-01-01T00:00:00Z\" vs \"2020-01-02T00:00:00Z\"");
    }

    private static String order(int id, Instant createdAt, String releasedAt) {
        return "{\"id\": %d, \"createdAt\": \"%s\", \"payBy\": \"%s\", \"releasedAt\": \"%s\"}"
                .formatted(id, createdAt, createdAt.plus(Duration.ofDays(3)), releasedAt);
    }

    @Test
    void anIdAWriteWasGivenIsExpectedInThePathsAndLinksOfLaterAnswersButNotInOtherNumbers() {
        app.stubFor(post(urlEqualTo("/api/orders")).willReturn(json(201, "{\"id\": 17, \"quantity\": 17}")));
        app.stubFor(post(urlEqualTo("/api/orders/17/cancel"))
                .willReturn(json(
                        409,
                        "{\"instance\": \"/api/orders/17/cancel\", \"quantity\": 17,"
                                + " \"self\": \"http://shop.example/api/orders/17?view=full\"}")));
        Path recording = recorder()
                .send("c-000000000001", "POST", "/api/orders", Map.of(), "{\"productId\": 5}")
                .send("c-000000000001", "POST", "/api/orders/17/cancel", Map.of(), "{}")
                .write();
        app.resetAll();
        app.stubFor(post(urlEqualTo("/api/orders")).willReturn(json(201, "{\"id\": 42, \"quantity\": 17}")));
        app.stubFor(post(urlEqualTo("/api/orders/42/cancel"))
                .willReturn(json(
                        409,
                        "{\"instance\": \"/api/orders/42/cancel\", \"quantity\": 17,"
                                + " \"self\": \"http://shop.example/api/orders/42?view=full\"}")));

        int exit = replay(recording, "--writes");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("2 matched, 0 differed");
    }

    @Test
    void theIdARegistrationGaveIsCarriedIntoTheRequestsTheRecorderTookForAnotherCaller() {
        app.stubFor(post(urlEqualTo("/api/users/register")).willReturn(json(201, "{\"id\": 17, \"name\": \"Ada\"}")));
        app.stubFor(get(urlEqualTo("/api/users/17")).willReturn(json(200, "{\"id\": 17, \"name\": \"Ada\"}")));
        // The recorder knows a caller by its device before it logs in and by its credential after: two callers.
        Path recording = recorder()
                .send("c-000000000001", "POST", "/api/users/register", Map.of(), "{\"name\": \"Ada\"}")
                .get("c-000000000002", "/api/users/17")
                .write();
        app.resetAll();
        app.stubFor(post(urlEqualTo("/api/users/register")).willReturn(json(201, "{\"id\": 42, \"name\": \"Ada\"}")));
        app.stubFor(get(urlEqualTo("/api/users/42")).willReturn(json(200, "{\"id\": 42, \"name\": \"Ada\"}")));

        int exit = replay(recording, "--writes");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("2 matched, 0 differed");
    }

    @Test
    void aFieldThatVariesByItselfIsLearnedAsNoiseAndSaidSo() {
        app.stubFor(get(urlEqualTo("/api/status"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\": true, \"at\": \"{{randomValue length=16 type='ALPHANUMERIC'}}\"}")
                        .withTransformers("response-template")));
        Path recording = recorder().get("c-000000000001", "/api/status").write();

        int exit = replay(recording);

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("GET /api/status")
                .contains("noise left out (the target's own two answers differ there): $.at")
                .contains("1 matched, 0 differed");
    }

    @Test
    void aPageThatDiffersFromItselfLikeALoginFormsCsrfTokenIsNotComparedAndSaidSoButItsStatusStillIs() {
        app.stubFor(get(urlEqualTo("/login"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html;charset=UTF-8")
                        .withBody(
                                "<form><input name=\"_csrf\" value=\"{{randomValue length=16 type='ALPHANUMERIC'}}\"></form>")
                        .withTransformers("response-template")));
        Path recording = recorder().get("c-000000000001", "/login").write();

        int exit = replay(recording);

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("noise left out (the target's own two answers differ there): " + Replayer.WHOLE_BODY);

        app.resetAll();
        app.stubFor(get(urlEqualTo("/login"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "text/html")
                        .withBody("{{randomValue length=16 type='ALPHANUMERIC'}}")
                        .withTransformers("response-template")));
        out.getBuffer().setLength(0);
        assertThat(replay(recording)).as("a page gone is a difference: %s", out).isEqualTo(1);
    }

    @Test
    void aPageThatStaysTheSameButDiffersFromTheRecordingIsADifference() {
        app.stubFor(get(urlEqualTo("/shelf"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<p>three books</p>")));
        Path recording = recorder().get("c-000000000001", "/shelf").write();
        app.stubFor(get(urlEqualTo("/shelf"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<p>two books</p>")));

        assertThat(replay(recording)).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("not equal");
    }

    @Test
    void writesAreSkippedWithoutTheFlagAndWhatDependsOnThemIsNotADifference() {
        app.stubFor(post(urlEqualTo("/api/orders")).willReturn(json(201, "{\"id\": 17, \"status\": \"PLACED\"}")));
        app.stubFor(get(urlEqualTo("/api/orders/17")).willReturn(json(200, "{\"id\": 17, \"status\": \"PLACED\"}")));
        app.stubFor(get(urlEqualTo("/api/products/5")).willReturn(json(200, PRODUCT)));
        Path recording = recorder()
                .send("c-000000000001", "POST", "/api/orders", Map.of(), "{\"productId\": 5}")
                .get("c-000000000001", "/api/orders/17")
                .get("c-000000000001", "/api/products/5")
                .write();
        app.resetRequests();

        int exit = replay(recording, "--json");

        JsonNode report = JsonMapper.builder().build().readTree(out.toString());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(report.get("skippedWrites").intValue()).isEqualTo(1);
        assertThat(report.get("skippedDependencies").intValue()).isEqualTo(1);
        assertThat(report.get("matched").intValue()).isEqualTo(1);
        assertThat(report.get("requests").get(1).get("outcome").stringValue()).isEqualTo("skipped-dependency");
        assertThat(report.get("requests").get(1).get("note").stringValue()).contains("17");
        assertThat(app.findAll(postRequestedFor(anyUrl())))
                .as("no write reached the target")
                .isEmpty();
    }

    @Test
    void aReplayAgainstTheRecordingServedAsStubsFindsNoDifference() {
        app.stubFor(post(urlEqualTo("/api/login")).willReturn(json(200, "{\"token\": \"first-token\"}")));
        app.stubFor(get(urlEqualTo("/api/me"))
                .withHeader("Authorization", equalTo("Bearer first-token"))
                .willReturn(json(200, "{\"name\": \"Ada\"}")));
        app.stubFor(get(urlEqualTo("/api/products/5?page=2")).willReturn(json(200, PRODUCT)));
        app.stubFor(get(urlEqualTo("/api/missing")).willReturn(json(404, "{\"error\": \"not_found\"}")));
        Path recording = recorder()
                .send("c-000000000001", "POST", "/api/login", Map.of(), "{\"user\": \"ada\", \"password\": \"s3cret\"}")
                .send("c-000000000001", "GET", "/api/me", Map.of("Authorization", "Bearer first-token"), null)
                .get("c-000000000002", "/api/products/5?page=2")
                .get("c-000000000002", "/api/missing")
                .write();
        app.stop();
        // The stubs expect the login's password as the recording keeps it: its placeholder, sent as it is.

        try (RecordingStubs stubs = RecordingStubs.start(recording, "127.0.0.1", 0)) {
            int exit = execute(
                    "replay",
                    "--recording",
                    recording.toString(),
                    "--base-url",
                    stubs.url().toString(),
                    "--writes",
                    "--keep-placeholders");

            assertThat(stubs.mappings()).isEqualTo(4);
            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString()).contains("4 matched, 0 differed");
        }
    }

    @Test
    void aMalformedMappingFileIsRejectedWithItsName() throws IOException {
        app.stubFor(get(urlEqualTo("/api/products/5")).willReturn(json(200, PRODUCT)));
        Path recording = recorder().get("c-000000000001", "/api/products/5").write();
        Path mapping;
        try (var files = Files.list(recording.resolve("mappings"))) {
            mapping = files.findFirst().orElseThrow();
        }
        Files.writeString(mapping, read(mapping).replace("\"request\"", "\"req\""));

        int exit = replay(recording);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains(mapping.getFileName().toString())
                .contains("\"request\" must be an object, and is missing");
        assertThat(out.toString()).as("nothing was replayed").isEmpty();

        Files.writeString(mapping, "{\"id\": ");
        assertThat(execute("stubs", "--recording", recording.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(mapping.getFileName() + ": is not valid JSON");
    }

    @Test
    void aWrongIgnorePathIsRefusedWithWhatIsAllowed() {
        app.stubFor(get(urlEqualTo("/api/products/5")).willReturn(json(200, PRODUCT)));
        Path recording = recorder().get("c-000000000001", "/api/products/5").write();

        assertThat(replay(recording, "--ignore", "price")).isEqualTo(2);
        assertThat(err.toString()).contains("--ignore 'price' must start with $");
    }

    private RecordingFixture recorder() {
        return new RecordingFixture(dir.resolve("recording"), URI.create(app.baseUrl()));
    }

    private int replay(Path recording, String... more) {
        List<String> args = new ArrayList<>(
                List.of("replay", "--recording", recording.toString(), "--base-url", app.baseUrl(), "--timeout", "5"));
        args.addAll(List.of(more));
        return execute(args.toArray(String[]::new));
    }

    private int execute(String... args) {
        CommandLine line = StranglerCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    /** An answer built from the request (WireMock's response templating). */
    private static ResponseDefinitionBuilder templated(int status, String body) {
        return json(status, body).withTransformers("response-template");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
