package dev.strangler.playbook.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.api.RecordedExchange;
import dev.strangler.gateway.api.RecordedRequest;
import dev.strangler.gateway.api.RecordedResponse;
import dev.strangler.playbook.replay.RecordingStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchanges of several replicas become one recording: one order, each caller's order, one numbering of secrets. */
class RecordedTrafficTest {

    private static final String TOKEN = "«redacted:00aa00aa00aa00aa»";
    private static final String PASSWORD = "«redacted:11bb11bb11bb11bb»";

    private static RecordedExchange exchange(
            String id,
            long sequence,
            int second,
            String caller,
            String url,
            Map<String, List<String>> headers,
            String requestBody,
            String responseBody) {
        return new RecordedExchange(
                id,
                sequence,
                Instant.parse("2026-12-07T01:00:00Z").plusSeconds(second),
                3.5,
                caller,
                null,
                "monolith",
                "monolith",
                null,
                new RecordedRequest("GET", url, headers, requestBody, null),
                new RecordedResponse(200, Map.of(), responseBody, null),
                List.of());
    }

    @Test
    void replicasAreMergedByStartTimeAndACallerSeenOnTwoReplicasKeepsOneOrder() {
        List<RecordedExchange> replicaA = List.of(
                exchange(
                        "a1",
                        1,
                        0,
                        "c-ann",
                        "/login",
                        Map.of(),
                        "{\"password\":\"" + PASSWORD + "\"}",
                        "{\"token\":\"" + TOKEN + "\"}"),
                exchange("a2", 2, 5, "c-bob", "/b", Map.of(), null, "b"));
        List<RecordedExchange> replicaB = List.of(
                exchange(
                        "b1",
                        1,
                        2,
                        "c-ann",
                        "/orders",
                        Map.of("Authorization", List.of("Bearer " + TOKEN)),
                        null,
                        "[]"),
                exchange(
                        "b2",
                        2,
                        7,
                        "c-ann",
                        "/orders/1",
                        Map.of("Authorization", List.of("Bearer " + TOKEN)),
                        null,
                        "{}"));

        RecordedTraffic traffic = RecordedTraffic.of(List.of(replicaA, replicaB), 0);

        assertThat(traffic.steps())
                .extracting(
                        s -> s.exchange().id(), RecordedTraffic.Step::sequence, RecordedTraffic.Step::callerSequence)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a1", 1, 1),
                        org.assertj.core.groups.Tuple.tuple("b1", 2, 2),
                        org.assertj.core.groups.Tuple.tuple("a2", 3, 1),
                        org.assertj.core.groups.Tuple.tuple("b2", 4, 3));
        assertThat(traffic.callers())
                .containsEntry("c-ann", List.of("a1", "b1", "b2"))
                .containsEntry("c-bob", List.of("a2"));
        assertThat(traffic.steps().get(0).exchange().request().body())
                .as("secrets are numbered in the order they first appear")
                .isEqualTo("{\"password\":\"«redacted:1»\"}");
        assertThat(traffic.steps().get(0).exchange().response().body()).isEqualTo("{\"token\":\"«redacted:2»\"}");
        assertThat(traffic.steps().get(1).exchange().request().headers().get("Authorization"))
                .as("the token the login answered keeps its number in the later request of the other replica")
                .containsExactly("Bearer «redacted:2»");
    }

    @Test
    void withACountOnlyTheFirstExchangesByStartAreKept() {
        List<RecordedExchange> replica = List.of(
                exchange("x1", 1, 0, "c-x", "/1", Map.of(), null, "1"),
                exchange("x2", 2, 1, "c-x", "/2", Map.of(), null, "2"),
                exchange("x3", 3, 2, "c-x", "/3", Map.of(), null, "3"));

        RecordedTraffic traffic = RecordedTraffic.of(List.of(replica), 2);

        assertThat(traffic.steps()).extracting(s -> s.exchange().id()).containsExactly("x1", "x2");
        assertThat(traffic.callers()).containsEntry("c-x", List.of("x1", "x2"));
    }

    @Test
    void aRequestRecordedWithDifferentAnswersIsServedThemInOrderByTheStubsAndTheLastStays(@TempDir Path dir)
            throws Exception {
        RecordedTraffic traffic = RecordedTraffic.of(
                List.of(List.of(
                        exchange(
                                "00000000-0000-0000-0000-000000000001",
                                1,
                                0,
                                "c-a",
                                "/api/products/1",
                                Map.of(),
                                null,
                                "{\"stock\": 120}"),
                        exchange(
                                "00000000-0000-0000-0000-000000000002",
                                2,
                                1,
                                "c-a",
                                "/api/categories",
                                Map.of(),
                                null,
                                "[]"),
                        exchange(
                                "00000000-0000-0000-0000-000000000003",
                                3,
                                2,
                                "c-b",
                                "/api/products/1",
                                Map.of(),
                                null,
                                "{\"stock\": 119}"),
                        exchange(
                                "00000000-0000-0000-0000-000000000004",
                                4,
                                3,
                                "c-b",
                                "/api/categories",
                                Map.of(),
                                null,
                                "[]"))),
                0);
        RecordingDirectory.write(dir, traffic, List.of(URI.create("http://127.0.0.1:9081")), List.of(), Instant.now());

        try (RecordingStubs stubs = RecordingStubs.start(dir, "127.0.0.1", 0)) {
            HttpClient http = HttpClient.newHttpClient();
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(http.send(
                                HttpRequest.newBuilder(stubs.url().resolve("/api/products/1"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
            }
            String categories = http.send(
                            HttpRequest.newBuilder(stubs.url().resolve("/api/categories"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();

            assertThat(answers).containsExactly("{\"stock\": 120}", "{\"stock\": 119}", "{\"stock\": 119}");
            assertThat(categories).as("the same answer twice needs no order").isEqualTo("[]");
        }
    }

    @Test
    void aMappingFileIsNamedBySequenceMethodAndPath() {
        RecordedTraffic traffic = RecordedTraffic.of(
                List.of(List.of(
                        exchange("x1", 1, 0, "c-x", "/api/Products/5?page=2", Map.of(), null, "1"),
                        exchange("x2", 2, 1, "c-x", "/", Map.of(), null, "2"))),
                0);

        assertThat(RecordingDirectory.fileName(traffic.steps().get(0))).isEqualTo("000001-get-api-products-5.json");
        assertThat(RecordingDirectory.fileName(traffic.steps().get(1))).isEqualTo("000002-get-root.json");
    }
}
