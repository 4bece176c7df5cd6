package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.strangler.gateway.metrics.StranglerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** When the service fails a safe request the monolith answers it; writes are never replayed elsewhere. */
class FallbackTest extends GatewayTestBase {

    @Autowired
    StranglerMetrics metrics;

    @BeforeEach
    void monolithAnswers() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
    }

    private void serviceRoute(String id) {
        useRoutes("""
                routes:
                  - {id: %s, paths: [/api/%s/**], service: catalog, mode: service}
                """.formatted(id, id));
    }

    @Test
    void manyRequestsAtOnceToASlowServiceAreAllAnsweredByTheServiceNotTurnedAwayByABulkhead() {
        // A timeout far over the service's delay: only a refusal, not a slow machine, could turn one away.
        useRoutes(MONOLITH.baseUrl(), SERVICE.baseUrl(), "10s", """
                routes:
                  - {id: busy, paths: [/api/busy/**], service: catalog, mode: service}
                """);
        SERVICE.stubFor(get(urlPathMatching("/api/busy/.*"))
                .willReturn(aResponse().withStatus(200).withBody("service").withFixedDelay(300)));

        // More at once than Spring Cloud CircuitBreaker's default bulkhead admits (25 concurrent calls per breaker).
        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 35)
                .mapToObj(i -> http.sendAsync(
                        HttpRequest.newBuilder(URI.create(url("/api/busy/" + i)))
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

        assertThat(answers.stream().map(a -> a.join().body()).toList())
                .as("every request answered by the service, none turned to the monolith")
                .hasSize(35)
                .containsOnly("service");
        assertThat(metrics.fallbacks("busy")).isZero();
    }

    @Test
    void aServiceErrorOnAReadIsAnsweredByTheMonolith() {
        serviceRoute("err");
        SERVICE.stubFor(get(urlPathEqualTo("/api/err/1"))
                .willReturn(aResponse().withStatus(503).withBody("down")));
        HttpResponse<String> r = fetch("/api/err/1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("monolith");
        assertThat(metrics.fallbacks("err")).isEqualTo(1);
    }

    @Test
    void aServiceSlowerThanItsTimeoutIsAnsweredByTheMonolith() {
        serviceRoute("slow");
        SERVICE.stubFor(get(urlPathEqualTo("/api/slow/1"))
                .willReturn(aResponse().withFixedDelay(3_000).withBody("late")));
        long begin = System.nanoTime();
        HttpResponse<String> r = fetch("/api/slow/1");
        assertThat(r.body()).isEqualTo("monolith");
        assertThat((System.nanoTime() - begin) / 1_000_000)
                .as("timeout is 600 ms")
                .isLessThan(2_500);
    }

    @Test
    void aBrokenConnectionIsAnsweredByTheMonolith() {
        serviceRoute("reset");
        SERVICE.stubFor(
                get(urlPathEqualTo("/api/reset/1")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(fetch("/api/reset/1").body()).isEqualTo("monolith");
    }

    @Test
    void aFailedWriteIsReturnedToTheAppAndNeverSentToTheMonolith() {
        serviceRoute("write");
        SERVICE.stubFor(post(urlPathEqualTo("/api/write/1"))
                .willReturn(aResponse().withStatus(500).withBody("service failed")));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url("/api/write/1")))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("service failed");
        assertThat(MONOLITH.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    private HttpResponse<String> postTo(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"qty\":1}"))
                .build());
    }

    private static int refusingPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A problem detail for the app, one WARN line without a stack trace for the operator, nothing at ERROR. */
    private static void assertProblemAndOneWarning(
            HttpResponse<String> r, int status, LogCapture logs, String... warningNames) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type"))
                .as("a problem detail")
                .contains("application/problem+json");
        assertThat(r.body())
                .contains("\"status\":" + status)
                .contains("service catalog")
                .doesNotContain("127.0.0.1");
        List<ILoggingEvent> logged = logs.warningsAndErrors();
        assertThat(logged).as("one WARN line: %s", logged).hasSize(1);
        ILoggingEvent warning = logged.get(0);
        assertThat(warning.getLevel()).isEqualTo(Level.WARN);
        assertThat(warning.getThrowableProxy()).as("no stack trace").isNull();
        assertThat(warning.getFormattedMessage()).contains(warningNames);
    }

    @Test
    void aWriteToAServiceThatRefusesConnectionsIsA502ProblemNeverSentToTheMonolith() {
        useRoutes(MONOLITH.baseUrl(), "http://127.0.0.1:" + refusingPort(), "600ms", """
                routes:
                  - {id: dead, paths: [/api/dead/**], service: catalog, mode: service}
                """);
        try (LogCapture logs = LogCapture.start()) {
            HttpResponse<String> r = postTo("/api/dead/1");

            assertProblemAndOneWarning(r, 502, logs, "route dead", "catalog", "POST");
        }
        assertThat(MONOLITH.findAll(anyRequestedFor(anyUrl())))
                .as("a write is never replayed elsewhere")
                .isEmpty();
    }

    @Test
    void aRequestToAMonolithThatRefusesConnectionsIsA502ProblemWithOneWarningNotA500() {
        useRoutes("http://127.0.0.1:" + refusingPort(), SERVICE.baseUrl(), "600ms", """
                routes:
                  - {id: kept, paths: [/api/kept/**], service: catalog, mode: monolith}
                """);
        for (String path : List.of("/api/kept/1", "/api/not-a-route/1")) {
            try (LogCapture logs = LogCapture.start()) {
                HttpResponse<String> r = fetch(path);

                assertThat(r.statusCode()).as(path).isEqualTo(502);
                assertThat(r.headers().firstValue("Content-Type"))
                        .as("a problem detail")
                        .contains("application/problem+json");
                assertThat(r.body())
                        .contains("the monolith could not be reached")
                        .doesNotContain("127.0.0.1");
                List<ILoggingEvent> logged = logs.warningsAndErrors();
                assertThat(logged)
                        .as("one WARN line: %s", logged)
                        .singleElement()
                        .satisfies(w -> {
                            assertThat(w.getLevel()).isEqualTo(Level.WARN);
                            assertThat(w.getThrowableProxy())
                                    .as("no stack trace")
                                    .isNull();
                        });
            }
        }
    }

    @Test
    void aWriteWhoseConnectionTheServiceDropsIsA502ProblemNeverSentToTheMonolith() {
        serviceRoute("dropped");
        SERVICE.stubFor(post(urlPathEqualTo("/api/dropped/1"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (LogCapture logs = LogCapture.start()) {
            HttpResponse<String> r = postTo("/api/dropped/1");

            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(r.body()).contains("service catalog dropped the connection");
            // Reactor Netty adds a WARN of its own ("the request cannot be retried"); ours names the route.
            assertThat(logs.warningsAndErrors())
                    .as("nothing at ERROR")
                    .allMatch(e -> e.getLevel() == Level.WARN)
                    .anyMatch(e -> e.getFormattedMessage().startsWith("route dropped: POST /api/dropped/1")
                            && e.getThrowableProxy() == null);
        }
        assertThat(MONOLITH.findAll(anyRequestedFor(anyUrl())))
                .as("a write is never replayed elsewhere")
                .isEmpty();
    }

    @Test
    void aWriteToAServiceThatTimesOutIsA504ProblemNeverSentToTheMonolith() {
        serviceRoute("late");
        SERVICE.stubFor(post(urlPathEqualTo("/api/late/1"))
                .willReturn(aResponse().withFixedDelay(3_000).withBody("late")));
        try (LogCapture logs = LogCapture.start()) {
            HttpResponse<String> r = postTo("/api/late/1");

            assertProblemAndOneWarning(r, 504, logs, "route late", "catalog", "POST", "600 ms");
        }
        assertThat(MONOLITH.findAll(anyRequestedFor(anyUrl())))
                .as("a write is never replayed elsewhere")
                .isEmpty();
    }

    @Test
    void afterRepeatedFailuresTheBreakerOpensAndReadsGoStraightToTheMonolith() {
        serviceRoute("breaker");
        SERVICE.stubFor(
                get(urlPathEqualTo("/api/breaker/1")).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertThat(fetch("/api/breaker/1").body()).isEqualTo("monolith");
        }
        int seenByService = SERVICE.findAll(anyRequestedFor(anyUrl())).size();
        for (int i = 0; i < 5; i++) {
            assertThat(fetch("/api/breaker/1").body()).isEqualTo("monolith");
        }
        assertThat(SERVICE.findAll(anyRequestedFor(anyUrl())))
                .as("breaker open: the service is not called")
                .hasSize(seenByService);
    }

    @Test
    void aRouteWithoutFallbackReturnsTheServiceError() {
        useRoutes("""
                routes:
                  - {id: strict, paths: [/api/strict/**], service: catalog, mode: service, fallback: none}
                """);
        SERVICE.stubFor(get(urlPathEqualTo("/api/strict/1"))
                .willReturn(aResponse().withStatus(502).withBody("bad")));
        assertThat(fetch("/api/strict/1").statusCode()).isEqualTo(502);
    }
}
