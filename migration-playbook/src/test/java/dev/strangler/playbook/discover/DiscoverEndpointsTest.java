package dev.strangler.playbook.discover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strangler.playbook.cli.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code strangler discover --recording / --openapi}: endpoints as path templates with volume, latency and errors,
 * grouped by resource, and a draft route file the gateway's own parser checks.
 */
class DiscoverEndpointsTest {

    /** The gateway jar of this checkout, as {@code mvn package} builds it; the validating tests need it. */
    private static final Path GATEWAY_JAR = Path.of(
                    "..", "strangler-gateway", "target", "strangler-gateway-0.1.0-SNAPSHOT.jar")
            .toAbsolutePath()
            .normalize();

    private static final String BOOK_1 = "3f1c1a52-0d4e-4a8b-9c59-1f3c2b7d9a01";
    private static final String BOOK_2 = "7b2e4c10-5a6f-4e21-8d3a-2c4b6e8f0a12";
    private static final String BOOK_3 = "c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Path libraryRecording() throws Exception {
        return new RecordingFixture(dir.resolve("recording"))
                .exchange("GET", "/api/books?page=1", 200, 10)
                .exchange("GET", "/api/books?page=2", 200, 20)
                .exchange("GET", "/api/books", 200, 30)
                .exchange("GET", "/api/books?q=dune", 200, 40)
                .exchange("GET", "/api/books/" + BOOK_1, 200, 5)
                .exchange("GET", "/api/books/" + BOOK_2, 500, 7)
                .exchange("GET", "/api/books/" + BOOK_3, 200, 6)
                .exchange("POST", "/api/books", 201, 50)
                .exchange("POST", "/api/books", 400, 3)
                .exchange("DELETE", "/api/books/" + BOOK_1, 204, 9)
                .exchange("GET", "/api/authors/tolkien", 200, 4)
                .exchange("GET", "/api/authors/herbert", 200, 4)
                .exchange("GET", "/api/authors/le-guin", 404, 4)
                .exchange("GET", "/api/products/5", 200, 12, "catalog-read", "/api/products/*")
                .exchange("GET", "/api/products/6", 200, 14, "catalog-read", "/api/products/*")
                .write();
    }

    @Test
    void endpointsAreListedAsTemplatesWithVolumeLatencyAndErrorSharesGroupedByResource() throws Exception {
        JsonNode report = json(discover(
                "--recording", libraryRecording().toString(), "--gateway-jar", GATEWAY_JAR.toString(), "--json"));

        assertThat(texts(report.path("groups"), "pattern"))
                .containsExactly("/api/authors/**", "/api/books/**", "/api/products/**");
        JsonNode list = endpoint(report, "GET", "/api/books");
        assertThat(list.path("volume").asLong())
                .as("the query is not part of the template")
                .isEqualTo(4);
        assertThat(list.path("p50Ms").asDouble()).isEqualTo(20.0);
        assertThat(list.path("p99Ms").asDouble()).isEqualTo(40.0);
        JsonNode one = endpoint(report, "GET", "/api/books/*");
        assertThat(one.path("volume").asLong()).as("UUIDs are identifiers").isEqualTo(3);
        assertThat(one.path("serverErrorShare").asDouble()).isEqualTo(1.0 / 3);
        JsonNode create = endpoint(report, "POST", "/api/books");
        assertThat(create.path("clientErrorShare").asDouble()).isEqualTo(0.5);
        assertThat(create.path("serverErrorShare").asDouble()).isZero();
        assertThat(endpoint(report, "DELETE", "/api/books/*").path("volume").asLong())
                .isEqualTo(1);
        assertThat(endpoint(report, "GET", "/api/authors/*").path("volume").asLong())
                .as("slugs that vary, each seen once, are a parameter")
                .isEqualTo(3);
        assertThat(endpoint(report, "GET", "/api/products/*").path("volume").asLong())
                .as("the template of the route the gateway matched")
                .isEqualTo(2);
    }

    @Test
    void theDraftHasAReadAndAWriteRouteInMonolithModePerGroupAndTheGatewayFindsItValid() throws Exception {
        assumeTrue(Files.isRegularFile(GATEWAY_JAR), "build the gateway jar first: " + GATEWAY_JAR);
        Path draft = dir.resolve("routes.draft.yaml");

        int status = run(
                "--recording",
                libraryRecording().toString(),
                "--monolith-url",
                "http://legacy:8080",
                "--gateway-jar",
                GATEWAY_JAR.toString(),
                "--out",
                draft.toString(),
                "--json");

        assertThat(status).as(err.toString()).isZero();
        JsonNode report = JSON.readTree(out.toString());
        assertThat(report.path("check").path("status").asString()).isEqualTo("VALID");
        assertThat(report.path("check").path("routes").asInt()).isEqualTo(4);
        String text = Files.readString(draft);
        assertThat(text)
                .startsWith("# Checked by the gateway's own parser (--check-routes): valid, 4 routes.\n"
                        + "# DRAFT route file written by `strangler discover`")
                .contains("a starting point a person edits")
                .contains("#   GET /api/books/*: 3 requests, p50 6.0 ms, p99 7.0 ms, 5xx 33.3 %, 4xx 0.0 %");
        JsonNode file = YAMLMapper.builder().build().readTree(text);
        assertThat(file.path("monolith").asString()).isEqualTo("http://legacy:8080");
        assertThat(file.has("services")).as("no service declared yet").isFalse();
        List<String> routes = new ArrayList<>();
        for (JsonNode r : file.path("routes")) {
            routes.add(r.path("id").asString() + " " + r.path("methods") + " " + r.path("paths") + " "
                    + r.path("mode").asString());
        }
        assertThat(routes)
                .containsExactly(
                        "api-authors-read [\"GET\",\"HEAD\"] [\"/api/authors/**\"] monolith",
                        "api-books-read [\"GET\",\"HEAD\"] [\"/api/books/**\"] monolith",
                        "api-books-write [\"POST\",\"DELETE\"] [\"/api/books/**\"] monolith",
                        "api-products-read [\"GET\",\"HEAD\"] [\"/api/products/**\"] monolith");
    }

    @Test
    void aMethodNoRouteCanNameIsLeftToTheMonolithAndSaidSoWhileTheDraftStaysValid() throws Exception {
        assumeTrue(Files.isRegularFile(GATEWAY_JAR), "build the gateway jar first: " + GATEWAY_JAR);
        Path recording = new RecordingFixture(dir.resolve("recording"))
                .exchange("PROPFIND", "/dav/shelves", 207, 3)
                .exchange("PUT", "/dav/shelves", 201, 4)
                .write();
        Path draft = dir.resolve("routes.draft.yaml");

        int status = run(
                "--recording",
                recording.toString(),
                "--monolith-url",
                "http://legacy:8080",
                "--gateway-jar",
                GATEWAY_JAR.toString(),
                "--out",
                draft.toString());

        assertThat(status).as(err.toString()).isZero();
        String text = Files.readString(draft);
        assertThat(text)
                .startsWith("# Checked by the gateway's own parser (--check-routes): valid, 1 route.")
                .contains("# /dav/shelves/**: PROPFIND seen, which no route can name")
                .contains("    methods: [PUT]");
    }

    @Test
    void withoutTheGatewayJarTheDraftIsWrittenAnywayAndMarkedNotValidated() throws Exception {
        Path draft = dir.resolve("routes.draft.yaml");
        Path missing = dir.resolve("no-such-gateway.jar");

        int status = run(
                "--recording",
                libraryRecording().toString(),
                "--monolith-url",
                "http://legacy:8080",
                "--gateway-jar",
                missing.toString(),
                "--out",
                draft.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(Files.readString(draft))
                .startsWith("# NOT VALIDATED: the gateway's jar is not at " + missing)
                .contains("mode: monolith");
        assertThat(out.toString()).contains("draft route file: " + draft + ": NOT VALIDATED");
    }

    @Test
    void anOpenApiDocumentGivesTemplatesBehindItsServerPathAndTheRecordedPathsFitThem() throws Exception {
        Path openapi = dir.resolve("openapi.yaml");
        Files.writeString(openapi, """
                openapi: 3.0.3
                info: {title: library, version: "1"}
                servers: [{url: "https://library.example.com/app"}]
                paths:
                  /api/books/{isbn}:
                    get: {responses: {"200": {description: ok}}}
                    put: {responses: {"200": {description: ok}}}
                    parameters: [{name: isbn, in: path, required: true, schema: {type: string}}]
                  /api/loans:
                    post: {responses: {"201": {description: created}}}
                """);
        Path recording = new RecordingFixture(dir.resolve("recording"))
                .exchange("GET", "/app/api/books/978-0441172719", 200, 8)
                .exchange("GET", "/app/api/books/978-0547928227", 200, 9)
                .write();

        JsonNode report = json(discover(
                "--recording",
                recording.toString(),
                "--openapi",
                openapi.toString(),
                "--group-depth",
                "3",
                "--gateway-jar",
                dir.resolve("none.jar").toString(),
                "--json"));

        assertThat(texts(report.path("groups"), "pattern")).containsExactly("/app/api/books/**", "/app/api/loans/**");
        JsonNode get = endpoint(report, "GET", "/app/api/books/*");
        assertThat(get.path("volume").asLong())
                .as("ISBNs fit the documented {isbn}")
                .isEqualTo(2);
        assertThat(get.path("documented").asBoolean()).isTrue();
        JsonNode put = endpoint(report, "PUT", "/app/api/books/*");
        assertThat(put.path("volume").asLong()).as("documented, never seen").isZero();
        assertThat(put.path("p50Ms").isNull()).isTrue();
        assertThat(texts(report.path("groups"), "id")).doesNotContain("parameters");
    }

    @Test
    void aDirectoryThatIsNotARecordingIsRefusedSayingWhatARecordingIs() throws Exception {
        Files.createDirectories(dir.resolve("empty"));

        int status = run("--recording", dir.resolve("empty").toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString())
                .contains("not a recording, it has no mappings/")
                .contains("strangler record");
    }

    @Test
    void aRecordingOfAnotherFormatIsRefusedNamingBoth() throws Exception {
        Path recording = libraryRecording();
        Files.writeString(recording.resolve("recording.json"), "{\"format\": \"strangler-recording/2\"}");

        int status = run("--recording", recording.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("'strangler-recording/2'").contains("reads strangler-recording/1");
    }

    @Test
    void discoverWithoutASourceSaysWhichOnesThereAre() {
        int status = run("--json");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--recording").contains("--openapi").contains("--database");
    }

    private String discover(String... args) {
        int status = run(args);
        assertThat(status).as(err.toString()).isZero();
        return out.toString();
    }

    private int run(String... args) {
        CommandLine cli = CommandLines.create(new DiscoverCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static JsonNode endpoint(JsonNode report, String method, String template) {
        for (JsonNode group : report.path("groups")) {
            for (JsonNode e : group.path("endpoints")) {
                if (e.path("method").asString().equals(method)
                        && e.path("template").asString().equals(template)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no endpoint " + method + " " + template + " in " + report.path("groups"));
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.path(field).asString())
                .toList();
    }
}
