package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.options;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A browser front end on another origin works through the gateway exactly as against the upstream:
 * the pre-flight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is
 * answered by the side that serves the route, and its {@code Access-Control-*} headers reach the browser.
 */
class CorsPassThroughTest extends GatewayTestBase {

    private static final String ORIGIN = "https://shop.example";

    private static ResponseDefinitionBuilder preflightAnswer(String who) {
        return aResponse()
                .withStatus(204)
                .withHeader("Access-Control-Allow-Origin", ORIGIN)
                .withHeader("Access-Control-Allow-Methods", "GET, POST, DELETE")
                .withHeader("Access-Control-Allow-Headers", "Content-Type, X-Requested-With")
                .withHeader("Access-Control-Max-Age", "600")
                .withHeader("X-Answered-By", who);
    }

    private HttpResponse<String> preflight(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build());
    }

    private static Map<String, List<String>> accessControlHeaders(HttpResponse<?> response) {
        // Header names compared lower-case: HTTP/1.1 names are case-insensitive.
        Map<String, List<String>> found = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("access-control-")) {
                found.put(lower, values);
            }
        });
        return found;
    }

    private static void assertPreflightReached(WireMockServer side, String path) {
        List<LoggedRequest> seen = side.findAll(anyRequestedFor(anyUrl()));
        assertThat(seen).as("the pre-flight reaches the upstream").hasSize(1);
        assertThat(seen.get(0).getMethod().value()).isEqualTo("OPTIONS");
        assertThat(seen.get(0).getUrl()).isEqualTo(path);
        assertThat(seen.get(0).getHeader("Origin")).isEqualTo(ORIGIN);
        assertThat(seen.get(0).getHeader("Access-Control-Request-Method")).isEqualTo("POST");
        assertThat(seen.get(0).getHeader("Access-Control-Request-Headers")).isEqualTo("content-type");
    }

    private static void assertUpstreamPreflightAnswer(HttpResponse<String> response, String who) {
        assertThat(response.statusCode())
                .as("the upstream's status, not the gateway's 200")
                .isEqualTo(204);
        assertThat(response.headers().firstValue("X-Answered-By")).contains(who);
        assertThat(accessControlHeaders(response))
                .as("exactly the upstream's Access-Control-* headers")
                .isEqualTo(Map.of(
                        "access-control-allow-origin", List.of(ORIGIN),
                        "access-control-allow-methods", List.of("GET, POST, DELETE"),
                        "access-control-allow-headers", List.of("Content-Type, X-Requested-With"),
                        "access-control-max-age", List.of("600")));
    }

    @Test
    void aPreflightOnAnUnmatchedPathIsAnsweredByTheMonolith() {
        useRoutes("routes: []\n");
        MONOLITH.stubFor(options(urlEqualTo("/api/orders")).willReturn(preflightAnswer("monolith")));

        HttpResponse<String> response = preflight("/api/orders");

        assertUpstreamPreflightAnswer(response, "monolith");
        assertPreflightReached(MONOLITH, "/api/orders");
    }

    @Test
    void aPreflightOnAStrangledRouteIsAnsweredByTheService() {
        useRoutes("""
                routes:
                  - {id: orders, paths: [/api/orders/**], service: catalog, mode: service}
                """);
        SERVICE.stubFor(options(urlEqualTo("/api/orders/7")).willReturn(preflightAnswer("service")));

        HttpResponse<String> response = preflight("/api/orders/7");

        assertUpstreamPreflightAnswer(response, "service");
        assertPreflightReached(SERVICE, "/api/orders/7");
        assertThat(MONOLITH.findAll(anyRequestedFor(anyUrl())))
                .as("the service took the route")
                .isEmpty();
    }

    @Test
    void aPreflightTheUpstreamRefusesReachesTheBrowserRefused() {
        useRoutes("routes: []\n");
        MONOLITH.stubFor(options(urlEqualTo("/api/admin"))
                .willReturn(aResponse().withStatus(403).withBody("origin not allowed")));

        HttpResponse<String> response = preflight("/api/admin");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("origin not allowed");
        assertThat(accessControlHeaders(response))
                .as("the gateway adds no CORS header of its own")
                .isEmpty();
    }

    @Test
    void aSimpleCrossOriginRequestKeepsTheUpstreamsCorsHeadersUntouched() {
        useRoutes("routes: []\n");
        MONOLITH.stubFor(get(urlEqualTo("/api/products"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Access-Control-Allow-Origin", ORIGIN)
                        .withHeader("Access-Control-Allow-Credentials", "true")
                        .withHeader("Access-Control-Expose-Headers", "ETag, X-Total-Count")
                        .withHeader("Vary", "Origin")
                        .withBody("[]")));

        HttpResponse<String> response = fetch("/api/products", "Origin", ORIGIN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
        assertThat(accessControlHeaders(response))
                .as("exactly the upstream's Access-Control-* headers")
                .isEqualTo(Map.of(
                        "access-control-allow-origin", List.of(ORIGIN),
                        "access-control-allow-credentials", List.of("true"),
                        "access-control-expose-headers", List.of("ETag, X-Total-Count")));
        assertThat(response.headers().allValues("Vary"))
                .as("the upstream's Vary, nothing added")
                .containsExactly("Origin");
    }

    @Test
    void aPreflightToTheManagementPortIsNotSentToTheMonolith() {
        useRoutes("routes: []\n");
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .build());
        assertThat(MONOLITH.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
