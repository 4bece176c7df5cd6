package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** What operators scrape: requests by route, target and outcome with latency buckets, breaker state, table version. */
class MetricsTest extends GatewayTestBase {

    @Test
    void prometheusShowsRequestsByRouteTargetAndOutcomeAndTheBreakerState() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("service")));
        useRoutes("""
                routes:
                  - {id: measured, paths: [/api/measured/**], service: catalog, mode: service}
                """);
        fetch("/api/measured/1");
        fetch("/api/other");

        String text = send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                        .build())
                .body();

        assertThat(text)
                .containsPattern(
                        "strangler_requests_seconds_count\\{[^}]*outcome=\"2xx\"[^}]*route=\"measured\"[^}]*target=\"service\"[^}]*} 1");
        assertThat(text).containsPattern("strangler_requests_seconds_bucket\\{[^}]*route=\"measured\"");
        assertThat(text)
                .containsPattern(
                        "strangler_requests_seconds_count\\{[^}]*route=\"monolith-default\"[^}]*target=\"monolith\"");
        assertThat(text)
                .containsPattern(
                        "resilience4j_circuitbreaker_state\\{[^}]*name=\"catalog\"[^}]*state=\"closed\"[^}]*} 1");
        assertThat(text).contains("strangler_route_table_version");
    }
}
