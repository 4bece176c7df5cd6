package dev.strangler.playbook.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording directory that does not hold together is refused before anything is sent, naming the file. */
class RecordingReaderTest {

    private static final String MAPPING = """
            {"id": "%s", "name": "GET /api/products/5",
             "request": {"method": "GET", "url": "/api/products/5"},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": "{\\"id\\": 5}"},
             "persistent": true,
             "metadata": {"strangler": {"sequence": %d, "caller": "c-000000000001", "callerSequence": %d,
                          "route": null, "mode": "monolith", "side": "monolith", "template": null,
                          "startedAt": "2026-12-07T02:00:00Z", "durationMs": 3.5, "redactions": []}}}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void aRecordingOfTwoRequests() throws IOException {
        Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(
                dir.resolve("recording.json"),
                "{\"format\": \"strangler-recording/1\", \"startedAt\": \"2026-12-07T02:00:00Z\", \"exchanges\": 2}");
        Files.writeString(dir.resolve("mappings/000001-get-api-products-5.json"), MAPPING.formatted("a", 1, 1));
        Files.writeString(dir.resolve("mappings/000002-get-api-products-5.json"), MAPPING.formatted("b", 2, 2));
        callers("{\"callers\": {\"c-000000000001\": [\"a\", \"b\"]}}");
    }

    @Test
    void aWellFormedRecordingIsReadInEachCallersOrder() {
        Recording recording = RecordingReader.read(dir);

        assertThat(recording.callers()).containsEntry("c-000000000001", List.of("a", "b"));
        assertThat(recording.exchanges().get("b").request().url()).isEqualTo("/api/products/5");
    }

    @Test
    void anotherFormatIsRefusedWithTheOneThisVersionReads() throws IOException {
        Files.writeString(dir.resolve("recording.json"), "{\"format\": \"strangler-recording/2\"}");

        assertThatThrownBy(() -> RecordingReader.read(dir))
                .isInstanceOf(RecordingException.class)
                .hasMessage(dir.resolve("recording.json") + ": \"format\" is \"strangler-recording/2\"; this version"
                        + " reads \"strangler-recording/1\"");
    }

    @Test
    void aCallerListingAnUnknownMappingIsRefused() throws IOException {
        callers("{\"callers\": {\"c-000000000001\": [\"a\", \"b\", \"zz\"]}}");

        assertThatThrownBy(() -> RecordingReader.read(dir))
                .hasMessageContaining("callers.json: callers.c-000000000001 lists \"zz\", which no file under mappings/"
                        + " has as its id");
    }

    @Test
    void aRequestNoCallerListsIsRefusedRatherThanLeftOutOfTheReplay() throws IOException {
        callers("{\"callers\": {\"c-000000000001\": [\"a\"]}}");

        assertThatThrownBy(() -> RecordingReader.read(dir))
                .hasMessageContaining("no caller lists b (mappings/000002-get-api-products-5.json");
    }

    @Test
    void aMappingWithoutItsCallerIsRefusedWithTheFieldsPlace() throws IOException {
        Files.writeString(
                dir.resolve("mappings/000002-get-api-products-5.json"),
                MAPPING.formatted("b", 2, 2).replace("\"caller\": \"c-000000000001\", ", ""));

        assertThatThrownBy(() -> RecordingReader.read(dir))
                .hasMessage(dir.resolve("mappings/000002-get-api-products-5.json")
                        + ": \"metadata.strangler.caller\" must be a non-empty string, and is missing");
    }

    private void callers(String json) throws IOException {
        Files.writeString(dir.resolve("callers.json"), json);
    }
}
