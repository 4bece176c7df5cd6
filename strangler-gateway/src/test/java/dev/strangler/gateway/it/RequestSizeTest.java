package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies are limited ({@code strangler.max-request-size}, 10 MB by default, as in these tests):
 * a larger one is answered 413 as a problem detail, whether its size is declared or only seen as it streams.
 */
class RequestSizeTest extends GatewayTestBase {

    private static final int LIMIT = 10 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    @BeforeEach
    void bothSidesTakeAnything() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201).withBody("service")));
        useRoutes(MONOLITH.baseUrl(), SERVICE.baseUrl(), "5s", """
                routes:
                  - {id: uploads, paths: [/api/uploads/**], service: catalog, mode: service}
                """);
    }

    private static void assertTooLargeProblem(RawHttp.Response response) {
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = JsonMapper.builder().build().readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("title").asString()).isEqualTo("Content Too Large");
        assertThat(problem.get("detail").asString())
                .isEqualTo("the request body is larger than the 10 MB this gateway accepts");
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsAnswered413BeforeAnyOfItIsSent() {
        try (RawHttp http = RawHttp.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            http.head(
                    "POST /api/orders HTTP/1.1\nHost: shop.example\nContent-Type: application/octet-stream\nContent-Length: "
                            + (LIMIT + 1));

            assertTooLargeProblem(http.response());
        }
        assertThat(MONOLITH.findAll(anyRequestedFor(anyUrl())))
                .as("nothing reached the monolith")
                .isEmpty();
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsAnswered413AndNeverReachesTheServiceWhole() {
        try (RawHttp http = RawHttp.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            http.head("POST /api/uploads/1 HTTP/1.1\nHost: shop.example\nContent-Type: application/octet-stream\n"
                    + "Transfer-Encoding: chunked");
            byte[] chunk = new byte[CHUNK];
            for (int sent = 0; sent <= LIMIT; sent += CHUNK) {
                http.chunk(chunk);
            }

            assertTooLargeProblem(http.response());
        }
        assertThat(SERVICE.findAll(anyRequestedFor(anyUrl())))
                .as("the service never got a complete request")
                .isEmpty();
    }

    @Test
    void aReadWhoseChunkedBodyGrowsPastTheLimitIsAnswered413AndNotReplayedOnTheMonolith() {
        try (RawHttp http = RawHttp.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            http.head("GET /api/uploads/3 HTTP/1.1\nHost: shop.example\nTransfer-Encoding: chunked");
            byte[] chunk = new byte[CHUNK];
            for (int sent = 0; sent <= LIMIT; sent += CHUNK) {
                http.chunk(chunk);
            }

            assertTooLargeProblem(http.response());
        }
        assertThat(MONOLITH.findAll(anyRequestedFor(anyUrl())))
                .as("no fallback: the caller's body, not the service, failed")
                .isEmpty();
        assertThat(breakers.getCircuitBreakerRegistry()
                        .circuitBreaker("catalog")
                        .getMetrics()
                        .getNumberOfFailedCalls())
                .as("not counted against the service")
                .isZero();
    }

    @Test
    void aChunkedBodyWithinTheLimitIsForwardedWhole() {
        try (RawHttp http = RawHttp.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
            http.head("POST /api/uploads/2 HTTP/1.1\nHost: shop.example\nContent-Type: application/octet-stream\n"
                    + "Transfer-Encoding: chunked");
            byte[] chunk = new byte[CHUNK];
            for (int sent = CHUNK; sent <= LIMIT; sent += CHUNK) {
                http.chunk(chunk);
            }
            RawHttp.Response response = http.lastChunk().response();

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.body()).isEqualTo("service");
        }
        assertThat(SERVICE.findAll(anyRequestedFor(anyUrl())).get(0).getBody()).hasSize(LIMIT);
    }
}
