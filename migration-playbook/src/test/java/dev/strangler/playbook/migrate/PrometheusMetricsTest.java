package dev.strangler.playbook.migrate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the Prometheus HTTP API's answers become the gates' samples, and the answers that are errors, on answers
 * written by hand. MigrateTest runs the gates on a real Prometheus scraping a real gateway.
 */
class PrometheusMetricsTest {

    private static final String SCRAPES = "min by (instance) (timestamp(strangler_route_table_version))";

    private final WireMockServer prometheus =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @BeforeEach
    void start() {
        prometheus.start();
    }

    @AfterEach
    void stop() {
        prometheus.stop();
    }

    private void answer(String query, int status, String body) {
        prometheus.stubFor(get(urlPathEqualTo("/api/v1/query"))
                .withQueryParam("query", query.startsWith("{") ? containing(query) : equalTo(query))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    private static String vector(String... series) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String.join(",", series)
                + "]}}";
    }

    private PrometheusMetrics metrics() {
        return new PrometheusMetrics(URI.create(prometheus.baseUrl() + "/"));
    }

    @Test
    void eachGatewayInstanceIsAReplicaWithItsSeriesOwnLabelsAndOtherAppsBreakersAreLeftOut() {
        answer(
                SCRAPES,
                200,
                vector(
                        "{\"metric\":{\"instance\":\"gw1:9082\"},\"value\":[1765000000.5,\"1765000000\"]}",
                        "{\"metric\":{\"instance\":\"gw2:9082\"},\"value\":[1765000000.5,\"1765000000\"]}"));
        answer(
                "{__name__=~",
                200,
                vector("{\"metric\":{\"__name__\":\"strangler_requests_seconds_count\",\"instance\":\"gw1:9082\","
                        + "\"job\":\"gateway\",\"route\":\"catalog-read\",\"target\":\"service\",\"outcome\":\"2xx\","
                        + "\"reason\":\"bucket\"},\"value\":[1765000000.5,\"42\"]}"));
        answer(
                "resilience4j_circuitbreaker_state",
                200,
                vector(
                        "{\"metric\":{\"__name__\":\"resilience4j_circuitbreaker_state\",\"instance\":\"gw2:9082\","
                                + "\"job\":\"gateway\",\"name\":\"catalog\",\"state\":\"open\"},"
                                + "\"value\":[1765000000.5,\"1\"]}",
                        "{\"metric\":{\"__name__\":\"resilience4j_circuitbreaker_state\",\"instance\":\"catalog:8081\","
                                + "\"job\":\"catalog\",\"name\":\"catalog\",\"state\":\"open\"},"
                                + "\"value\":[1765000000.5,\"1\"]}"));

        Map<String, Samples> read = metrics().read(Set.of("catalog-read"));

        assertThat(read).as("the catalog service is not a gateway").containsOnlyKeys("gw1:9082", "gw2:9082");
        assertThat(read.get("gw1:9082").samples())
                .containsExactly(new Samples.Sample(
                        "strangler_requests_seconds_count",
                        Map.of("route", "catalog-read", "target", "service", "outcome", "2xx", "reason", "bucket"),
                        42));
        assertThat(read.get("gw2:9082").named("resilience4j_circuitbreaker_state"))
                .singleElement()
                .satisfies(s -> assertThat(s.labels()).isEqualTo(Map.of("name", "catalog", "state", "open")));
    }

    @Test
    void aPrometheusThatScrapesNoGatewayIsAnErrorNamingTheQueryNotAnEmptyPass() {
        answer(SCRAPES, 200, vector());

        assertThatThrownBy(() -> metrics().read(Set.of("catalog-read")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Prometheus at " + prometheus.baseUrl() + " has no gateway replica (query " + SCRAPES
                        + " found no series): it does not scrape a gateway's /actuator/prometheus, or not yet");
    }

    @Test
    void anAnswerOtherThanSuccessIsAnErrorInPrometheusOwnWords() {
        answer(SCRAPES, 503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"TSDB not ready\"}");

        assertThatThrownBy(() -> metrics().read(Set.of("catalog-read")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Prometheus at " + prometheus.baseUrl() + " answered 503 to query " + SCRAPES
                        + " (unavailable: TSDB not ready)");

        answer(SCRAPES, 200, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}");

        assertThatThrownBy(() -> metrics().read(Set.of("catalog-read")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Prometheus at " + prometheus.baseUrl() + " did not answer query " + SCRAPES
                        + " with success (timeout: query timed out)");
    }
}
