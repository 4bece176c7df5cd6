package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.routing.Bucketing;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each mode sends a route's traffic where it says, and everything unmatched stays on the monolith. */
class ModesTest extends GatewayTestBase {

    @BeforeEach
    void bothSidesAnswerWhoTheyAre() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("service")));
    }

    private String servedBy(String path, String... headers) {
        HttpResponse<String> r = fetch(path, headers);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void monolithModeKeepsTheRouteOnTheMonolith() {
        useRoutes("""
                routes:
                  - {id: products, paths: [/api/products/**], service: catalog, mode: monolith}
                """);
        assertThat(servedBy("/api/products/1")).isEqualTo("monolith");
        assertThat(SERVICE.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void serviceModeSendsTheRouteToTheServiceAndTheRestToTheMonolith() {
        useRoutes("""
                routes:
                  - {id: products, methods: [GET, PATCH], paths: [/api/products/**], service: catalog, mode: service}
                """);
        assertThat(servedBy("/api/products/1?expand=true")).isEqualTo("service");
        assertThat(servedBy("/api/orders/1")).isEqualTo("monolith");
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(url("/api/products/1")))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(post.body()).as("a method the route does not take").isEqualTo("monolith");
        HttpResponse<String> patch = send(HttpRequest.newBuilder(URI.create(url("/api/products/1")))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"price\":1}"))
                .header("Content-Type", "application/json")
                .build());
        assertThat(patch.body()).isEqualTo("service");
        assertThat(SERVICE.findAll(anyRequestedFor(urlPathEqualTo("/api/products/1")))
                        .get(0)
                        .getQueryParams())
                .containsKey("expand");
    }

    @Test
    void canaryKeepsEachDeviceOnOneSideAtTheConfiguredShare() {
        useRoutes("""
                routes:
                  - id: products
                    paths: [/api/products/**]
                    service: catalog
                    mode: canary
                    percent: 30
                    stick-by: [header:X-Device-Id]
                """);
        int toService = 0;
        for (int i = 0; i < 200; i++) {
            String device = "device-" + i;
            String first = servedBy("/api/products", "X-Device-Id", device);
            assertThat(servedBy("/api/products/7", "X-Device-Id", device))
                    .as(device)
                    .isEqualTo(first);
            boolean expected = Bucketing.inCanary("catalog", device, 3_000);
            assertThat(first).as(device).isEqualTo(expected ? "service" : "monolith");
            toService += first.equals("service") ? 1 : 0;
        }
        assertThat(toService).isBetween(40, 80);
    }

    @Test
    void targetingRulesForceChosenClientsToOneSide() {
        useRoutes("""
                routes:
                  - id: products
                    paths: [/api/products/**]
                    service: catalog
                    mode: monolith
                    stick-by: [header:X-Device-Id]
                    targeting:
                      - {header: X-Beta-Tester, values: ["true"], target: service}
                """);
        assertThat(servedBy("/api/products", "X-Beta-Tester", "true")).isEqualTo("service");
        assertThat(servedBy("/api/products", "X-Beta-Tester", "false")).isEqualTo("monolith");
    }

    @Test
    void aMonolithUnderAContextPathAndAServiceMountedElsewhereEachGetTheirOwnPath() {
        // The monolith lives under /app (its context path); the service has none and is mounted at /catalog.
        useFile("""
                monolith: %s
                services:
                  catalog: {url: "%s/catalog", timeout: 5s, strip-prefix: /app}
                routes:
                  - {id: products, paths: ["/app/api/products/{id}"], service: catalog, mode: service}
                """.formatted(MONOLITH.baseUrl(), SERVICE.baseUrl()));
        assertThat(servedBy("/app/api/products/7?expand=true")).isEqualTo("service");
        assertThat(SERVICE.findAll(anyRequestedFor(anyUrl())))
                .singleElement()
                .satisfies(r -> assertThat(r.getUrl()).isEqualTo("/catalog/api/products/7?expand=true"));
        assertThat(servedBy("/app/api/orders/1")).isEqualTo("monolith");
        assertThat(MONOLITH.findAll(anyRequestedFor(anyUrl())))
                .as("the monolith keeps its context path")
                .singleElement()
                .satisfies(r -> assertThat(r.getUrl()).isEqualTo("/app/api/orders/1"));
    }
}
