package dev.strangler.playbook.replay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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
                .send("c-000000000001", "POST", "/api/login", Map.of(), "{\"user\": \"ada\"}")
                .send("c-000000000001", "GET", "/api/me", Map.of("Authorization", "Bearer first-token"), null)
                .get("c-000000000002", "/api/products/5?page=2")
                .get("c-000000000002", "/api/missing")
                .write();
        app.stop();

        try (RecordingStubs stubs = RecordingStubs.start(recording, "127.0.0.1", 0)) {
            int exit = execute(
                    "replay",
                    "--recording",
                    recording.toString(),
                    "--base-url",
                    stubs.url().toString(),
                    "--writes");

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

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
