package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.strangler.gateway.metrics.StranglerMetrics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Shadow mode: the app gets the monolith's answer, the service's answer is only compared. */
class ShadowTest extends GatewayTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    StranglerMetrics metrics;

    private void shadowRoute(String id, String extra) {
        useRoutes("""
                routes:
                  - id: %s
                    paths: [/api/%s/**]
                    service: catalog
                    mode: shadow
                %s""".formatted(id, id, extra));
    }

    @Test
    void aSlowServiceNeitherDelaysNorChangesTheAnswer() {
        shadowRoute("slow", "");
        MONOLITH.stubFor(get(urlPathEqualTo("/api/slow/1"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"name\":\"lamp\"}")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/slow/1"))
                .willReturn(aResponse().withStatus(500).withFixedDelay(2_000).withBody("boom")));

        long begin = System.nanoTime();
        HttpResponse<String> response = fetch("/api/slow/1");
        long millis = (System.nanoTime() - begin) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"id\":1,\"name\":\"lamp\"}");
        assertThat(millis).as("the client does not wait for the 2 s shadow").isLessThan(1_500);
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.shadowResults("slow", "mismatch") == 1);
        assertThat(SERVICE.findAll(anyRequestedFor(anyUrl())).get(0).getHeader("X-Strangler-Shadow"))
                .isEqualTo("true");
    }

    @Test
    void theServicesCopyCarriesTheClientsHostAsTheMonolithsRequestDoesSoLinksBuiltFromItMatch() {
        shadowRoute("hosts", "");
        // An app that writes absolute links from the Host it was asked on, as Spring Data REST's HAL does.
        for (var side : List.of(MONOLITH, SERVICE)) {
            side.stubFor(get(urlPathEqualTo("/api/hosts/1"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody(
                                    "{\"_links\":{\"self\":{\"href\":\"http://{{request.headers.Host}}/api/hosts/1\"}}}")
                            .withTransformers("response-template")));
        }

        assertThat(fetch("/api/hosts/1").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> metrics.shadowResults("hosts", "match") + metrics.shadowResults("hosts", "mismatch") == 1);
        assertThat(SERVICE.findAll(anyRequestedFor(anyUrl())).get(0).getHeader("Host"))
                .as("the client's Host, as the monolith got it")
                .isEqualTo(MONOLITH.findAll(anyRequestedFor(anyUrl())).get(0).getHeader("Host"))
                .isEqualTo("127.0.0.1:" + port);
        assertThat(metrics.shadowResults("hosts", "match"))
                .as("the links name the same host")
                .isEqualTo(1);
    }

    @Test
    void aDelayedShadowReachesTheServiceOnlyAfterTheMonolithAnsweredAndTheDelayPassed() {
        shadowRoute("replica", """
                    shadow:
                      delay: 700ms
                """);
        MONOLITH.stubFor(get(urlPathEqualTo("/api/replica/1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1}")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/replica/1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1}")));

        long begin = System.currentTimeMillis();
        assertThat(fetch("/api/replica/1").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.shadowResults("replica", "match") == 1);
        long reachedService = SERVICE.findAll(anyRequestedFor(anyUrl()))
                .get(0)
                .getLoggedDate()
                .getTime();
        assertThat(reachedService - begin)
                .as("ms from the client's request to the service's copy")
                .isGreaterThanOrEqualTo(700);
    }

    @Test
    void withADelayAServiceThatCatchesUpIsAMatchAndOneThatStaysWrongIsAMismatch() {
        shadowRoute("lagging", """
                    shadow:
                      delay: 200ms
                """);
        MONOLITH.stubFor(get(urlPathEqualTo("/api/lagging/1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"stock\":4}")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/lagging/1"))
                .inScenario("replication")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("caught up")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"stock\":5}")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/lagging/1"))
                .inScenario("replication")
                .whenScenarioStateIs("caught up")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"stock\":4}")));
        MONOLITH.stubFor(get(urlPathEqualTo("/api/lagging/2"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":2,\"stock\":4}")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/lagging/2"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":2,\"stock\":0}")));

        fetch("/api/lagging/1");
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.shadowResults("lagging", "match") == 1);
        fetch("/api/lagging/2");
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.shadowResults("lagging", "mismatch") == 1);

        assertThat(SERVICE.findAll(WireMock.getRequestedFor(urlPathEqualTo("/api/lagging/2"))))
                .as("asked once and re-checked twice")
                .hasSize(3);
        assertThat(metrics.shadowResults("lagging", "match")).isEqualTo(1);
    }

    @Test
    void differencesAreCountedAndKeptWithBothBodiesAndIgnoredPathsDoNotCount() {
        shadowRoute("diff", """
                    shadow:
                      ignore: ["$.generatedAt", "$.items[*].etag"]
                """);
        MONOLITH.stubFor(get(urlPathEqualTo("/api/diff/same"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"items\":[{\"id\":1,\"price\":12.90,\"etag\":\"a\"}],\"generatedAt\":\"10:00\"}")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/diff/same"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"generatedAt\":\"10:01\",\"items\":[{\"etag\":\"b\",\"price\":12.9,\"id\":1}]}")));
        MONOLITH.stubFor(get(urlPathEqualTo("/api/diff/other"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":2,\"name\":\"Lamp\",\"stock\":3}")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/diff/other"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":2,\"name\":\"lamp\"}")));

        fetch("/api/diff/same");
        fetch("/api/diff/other");

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        metrics.shadowResults("diff", "match") == 1 && metrics.shadowResults("diff", "mismatch") == 1);
        HttpResponse<String> samples = admin("GET", "/admin/routes/diff/mismatches", READ_TOKEN, null);
        assertThat(samples.statusCode()).isEqualTo(200);
        JsonNode mismatch = JSON.readTree(samples.body()).get(0);
        assertThat(mismatch.get("path").asString()).isEqualTo("/api/diff/other");
        assertThat(mismatch.get("differences").toString())
                .contains("$.name: \\\"Lamp\\\" vs \\\"lamp\\\"")
                .contains("$.stock: 3 vs missing");
        assertThat(mismatch.get("monolithBody").asString()).contains("\"stock\":3");
        assertThat(mismatch.get("serviceBody").asString()).isEqualTo("{\"id\":2,\"name\":\"lamp\"}");
    }

    @Test
    void learnedNoiseFromTwoMonolithAnswersIsNotAMismatch() {
        shadowRoute("noisy", """
                    shadow:
                      learn-noise: true
                """);
        MONOLITH.stubFor(get(urlPathEqualTo("/api/noisy/1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"requestId\":\"{{randomValue length=12 type='ALPHANUMERIC'}}\"}")
                        .withTransformers("response-template")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/noisy/1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"requestId\":\"service-side\"}")));

        fetch("/api/noisy/1");
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.shadowResults("noisy", "match") == 1);
        assertThat(metrics.shadowResults("noisy", "mismatch")).isZero();
    }

    @Test
    void aValueThatChangedOnceBetweenTheMonolithsTwoAnswersIsStillComparedAfterwards() {
        shadowRoute("written", """
                    shadow:
                      learn-noise: true
                """);
        MONOLITH.stubFor(get(urlPathEqualTo("/api/written/1"))
                .inScenario("write")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(jsonBody("{\"id\":1,\"price\":10}"))
                .willSetStateTo("written"));
        MONOLITH.stubFor(get(urlPathEqualTo("/api/written/1"))
                .inScenario("write")
                .whenScenarioStateIs("written")
                .willReturn(jsonBody("{\"id\":1,\"price\":11}")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/written/1")).willReturn(jsonBody("{\"id\":1,\"price\":11}")));
        fetch("/api/written/1"); // a write landed between the monolith's two answers: 10, then 11
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        metrics.shadowResults("written", "match") + metrics.shadowResults("written", "mismatch") == 1);

        SERVICE.stubFor(get(urlPathEqualTo("/api/written/1")).willReturn(jsonBody("{\"id\":1,\"price\":12}")));
        fetch("/api/written/1");

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.shadowResults("written", "mismatch") >= 1);
        assertThat(admin("GET", "/admin/routes/written/mismatches", READ_TOKEN, null)
                        .body())
                .contains("$.price: 11 vs 12");
    }

    @Test
    void learnedNoiseIsShownAndNotUsedOnceLearnNoiseIsTurnedOff() {
        shadowRoute("quiet", """
                    shadow:
                      learn-noise: true
                """);
        MONOLITH.stubFor(get(urlPathEqualTo("/api/quiet/1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"requestId\":\"{{randomValue length=12 type='ALPHANUMERIC'}}\"}")
                        .withTransformers("response-template")));
        SERVICE.stubFor(
                get(urlPathEqualTo("/api/quiet/1")).willReturn(jsonBody("{\"id\":1,\"requestId\":\"service-side\"}")));
        for (int i = 1; i <= 3; i++) {
            fetch("/api/quiet/1");
            int done = i;
            await().atMost(Duration.ofSeconds(10)).until(() -> metrics.shadowResults("quiet", "match") == done);
        }
        JsonNode learned = JSON.readTree(
                admin("GET", "/admin/routes/quiet/noise", READ_TOKEN, null).body());
        assertThat(learned.toString()).contains("\"path\":\"$.requestId\"").contains("\"ignored\":true");

        shadowRoute("quiet", "");
        fetch("/api/quiet/1");

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.shadowResults("quiet", "mismatch") == 1);
        assertThat(admin("GET", "/admin/routes/quiet/mismatches", READ_TOKEN, null)
                        .body())
                .contains("$.requestId");
    }

    private static ResponseDefinitionBuilder jsonBody(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    @Test
    void writesAreNotMirroredUnlessTheRouteOptsInAndThenAsDryRunsToAServiceThatHonoursThem() {
        shadowRoute("writes", "");
        MONOLITH.stubFor(post(urlPathEqualTo("/api/writes"))
                .willReturn(aResponse().withStatus(201).withBody("created")));
        SERVICE.stubFor(post(urlPathEqualTo("/api/writes"))
                .willReturn(aResponse().withStatus(201).withBody("created")));
        HttpRequest write = HttpRequest.newBuilder(URI.create(url("/api/writes")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"qty\":1}"))
                .header("Content-Type", "application/json")
                .build();

        assertThat(send(write).statusCode()).isEqualTo(201);
        assertThat(SERVICE.findAll(anyRequestedFor(anyUrl()))).isEmpty();

        useFile("monolith: " + MONOLITH.baseUrl() + "\nservices:\n  catalog:\n    url: " + SERVICE.baseUrl()
                + "\n    dry-run: true\n"
                + """
                routes:
                  - id: writes
                    paths: [/api/writes/**]
                    service: catalog
                    mode: shadow
                    shadow:
                      mirror-unsafe: true
                """);
        assertThat(send(write).body()).isEqualTo("created");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> SERVICE.findAll(postRequestedFor(urlPathEqualTo("/api/writes")))
                                .size()
                        == 1);
        var mirrored =
                SERVICE.findAll(postRequestedFor(urlPathEqualTo("/api/writes"))).get(0);
        assertThat(mirrored.getHeader("X-Strangler-Dry-Run")).isEqualTo("true");
        assertThat(mirrored.getBodyAsString()).isEqualTo("{\"qty\":1}");
    }

    @Test
    void underPressureShadowCopiesAreDroppedAndCountedWhileEveryClientIsServed() {
        shadowRoute("busy", "");
        MONOLITH.stubFor(
                get(urlPathEqualTo("/api/busy/x")).willReturn(aResponse().withBody("fine")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/busy/x"))
                .willReturn(aResponse().withFixedDelay(1_500).withBody("fine")));

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create(url("/api/busy/x"))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        calls.forEach(c -> assertThat(c.join().body()).isEqualTo("fine"));
        assertThat(metrics.shadowResults("busy", "dropped"))
                .as("max-concurrent is 4 in these tests")
                .isGreaterThan(0);
        // Let the copies in flight finish, so the next test starts with every shadow permit free.
        await().atMost(Duration.ofSeconds(15))
                .until(() -> metrics.shadowResults("busy", "dropped")
                                + metrics.shadowResults("busy", "match")
                                + metrics.shadowResults("busy", "error")
                        == 20);
    }
}
