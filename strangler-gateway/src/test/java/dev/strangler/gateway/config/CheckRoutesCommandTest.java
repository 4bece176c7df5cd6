package dev.strangler.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code --check-routes=FILE}: the gateway's verdict on a route file, as JSON and an exit status, with no server. */
class CheckRoutesCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @Test
    void aValidFileIsReportedValidWithItsRouteCountAndExitsZero() throws Exception {
        Path file = write("""
                # a draft: every route on the monolith, no service yet
                monolith: http://legacy:8080
                routes:
                  - id: books-read
                    methods: [GET, HEAD]
                    paths: ["/api/books", "/api/books/{id}"]
                    mode: monolith
                  - id: books-write
                    methods: [POST, DELETE]
                    paths: [/api/books/**]
                    mode: monolith
                """);

        int status = CheckRoutesCommand.run(file, new PrintStream(printed, true, StandardCharsets.UTF_8));

        JsonNode result = printedJson();
        assertThat(status).isEqualTo(CheckRoutesCommand.VALID);
        assertThat(result.path("valid").asBoolean()).isTrue();
        assertThat(result.path("errors").isEmpty()).as("no errors").isTrue();
        assertThat(result.path("routes").asInt()).isEqualTo(2);
    }

    @Test
    void anInvalidFileIsReportedWithTheCompilersMessageNamingLineAndFieldAndExitsOne() throws Exception {
        Path file = write("""
                monolith: http://legacy:8080
                routes:
                  - id: books-read
                    paths: [/api/books/**]
                    mode: canry
                """);

        int status = CheckRoutesCommand.run(file, new PrintStream(printed, true, StandardCharsets.UTF_8));

        JsonNode result = printedJson();
        assertThat(status).isEqualTo(CheckRoutesCommand.INVALID);
        assertThat(result.path("valid").asBoolean()).isFalse();
        assertThat(result.path("errors")).hasSize(1);
        assertThat(result.path("errors").get(0).asString())
                .isEqualTo("line 5: routes[0].mode: must be one of monolith, shadow, canary, service (was 'canry')");
    }

    @Test
    void aMissingFileIsInvalidAndSaysItCannotBeRead() {
        Path missing = dir.resolve("nope.yaml");

        int status = CheckRoutesCommand.run(missing, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(CheckRoutesCommand.INVALID);
        assertThat(printedJson().path("errors").get(0).asString()).startsWith("cannot read " + missing);
    }

    @Test
    void onlyTheCheckFlagAsksForACheck() {
        assertThat(CheckRoutesCommand.requested(new String[] {"--strangler.routes=routes.yaml"}))
                .isEmpty();
        assertThat(CheckRoutesCommand.requested(new String[] {"--server.port=0", "--check-routes=draft.yaml"}))
                .contains(Path.of("draft.yaml"));
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("routes.yaml");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private JsonNode printedJson() {
        return JsonMapper.builder().build().readTree(printed.toString(StandardCharsets.UTF_8));
    }
}
