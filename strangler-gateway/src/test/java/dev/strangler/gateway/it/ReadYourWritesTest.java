package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.strangler.gateway.filter.StranglerDecisionFilter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import reactor.core.publisher.Mono;

/** A caller who just wrote on one side reads from that side for a while, whatever the route's mode says. */
class ReadYourWritesTest extends GatewayTestBase {

    /** How many callers the gateway keeps pinned at most (the README says so). */
    private static final double PIN_BOUND = 100_000;

    @Autowired
    StranglerDecisionFilter decisions;

    @Autowired
    MeterRegistry registry;

    @BeforeEach
    void routes() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("service")));
    }

    @Test
    void afterAWriteToTheMonolithTheCallersReadsGoToTheMonolithUntilTheWindowEnds() throws Exception {
        // The service's timeout well above a cold first call on a loaded machine: a timed-out read falls back to the
        // monolith.
        useRoutes(MONOLITH.baseUrl(), SERVICE.baseUrl(), "5s", """
                read-your-writes: {window: 800ms, key: [header:X-Device-Id]}
                routes:
                  - {id: catalog-read, methods: [GET], paths: ["/api/products/*"], service: catalog, mode: service}
                """);
        assertThat(fetch("/api/products/1", "X-Device-Id", "phone-1").body()).isEqualTo("service");

        write("POST", "/api/orders", "phone-1");

        assertThat(fetch("/api/products/1", "X-Device-Id", "phone-1").body())
                .as("pinned")
                .isEqualTo("monolith");
        assertThat(fetch("/api/products/1", "X-Device-Id", "phone-2").body())
                .as("another caller")
                .isEqualTo("service");
        assertThat(fetch("/api/products/1").body()).as("a caller without a key").isEqualTo("service");
        Thread.sleep(1_000);
        assertThat(fetch("/api/products/1", "X-Device-Id", "phone-1").body())
                .as("after the window")
                .isEqualTo("service");
    }

    @Test
    void theWindowRunsFromTheWritesAnswerSoASlowWriteStillPinsItsCaller() {
        useRoutes("""
                read-your-writes: {window: 800ms, key: [header:X-Device-Id]}
                routes:
                  - {id: catalog-read, methods: [GET], paths: ["/api/products/*"], service: catalog, mode: service}
                """);
        MONOLITH.stubFor(any(urlEqualTo("/api/orders"))
                .willReturn(aResponse().withStatus(200).withBody("slow").withFixedDelay(1_200)));

        write("POST", "/api/orders", "phone-slow");

        assertThat(fetch("/api/products/1", "X-Device-Id", "phone-slow").body())
                .as("pinned after a write longer than the window")
                .isEqualTo("monolith");
    }

    @Test
    void afterAWriteToTheServiceTheCallersCanaryReadsGoToTheService() {
        useRoutes("""
                read-your-writes: {window: 5s, key: [header:X-Device-Id]}
                routes:
                  - {id: catalog-read, methods: [GET], paths: ["/api/products/*"], service: catalog, mode: canary, percent: 0}
                  - {id: catalog-write, methods: [PATCH], paths: ["/api/admin/products/*"], service: catalog, mode: service}
                """);
        assertThat(fetch("/api/products/1", "X-Device-Id", "admin-laptop").body())
                .isEqualTo("monolith");

        write("PATCH", "/api/admin/products/1", "admin-laptop");

        assertThat(fetch("/api/products/1", "X-Device-Id", "admin-laptop").body())
                .isEqualTo("service");
        assertThat(fetch("/api/products/1", "X-Device-Id", "phone-2").body()).isEqualTo("monolith");
    }

    @Test
    void aBrokenReadYourWritesBlockIsRejectedWithTheReason() {
        write("""
                monolith: http://127.0.0.1:1
                read-your-writes: {window: 2m, key: [header]}
                routes: []
                """);
        watcher.checkNow();

        assertThat(routes.lastReload().accepted()).isFalse();
        assertThat(routes.lastReload().message())
                .contains("read-your-writes.window: must be at most 60s")
                .contains("read-your-writes.key[0]: 'header' is not a stick-by key");
    }

    @Test
    void onlyTheWritesTheFileNamesPinTheirCaller() {
        useRoutes("""
                read-your-writes: {window: 5s, key: [header:X-Device-Id], writes-of: [catalog-write], monolith-writes: false}
                routes:
                  - {id: catalog-read, methods: [GET], paths: ["/api/products/*"], service: catalog, mode: service}
                  - {id: catalog-write, methods: [PATCH], paths: ["/api/admin/products/*"], service: catalog, mode: monolith}
                """);

        write("POST", "/api/orders", "phone-unnamed");
        write("PATCH", "/api/admin/products/1", "phone-named");

        assertThat(fetch("/api/products/1", "X-Device-Id", "phone-unnamed").body())
                .as("a write no route takes does not pin")
                .isEqualTo("service");
        assertThat(fetch("/api/products/1", "X-Device-Id", "phone-named").body())
                .as("a write of a named route pins")
                .isEqualTo("monolith");
    }

    @Test
    void aFloodOfWritersKeepsTheLivePinCountAtItsBound() {
        useRoutes("""
                read-your-writes: {window: 60s, key: [header:X-Device-Id]}
                routes: []
                """);
        GatewayFilterChain forwarded = exchange -> Mono.empty();
        // One set of codecs for all the exchanges: creating it is most of the cost of a mock exchange.
        ServerCodecConfigurer codecs = ServerCodecConfigurer.create();
        DefaultWebSessionManager sessions = new DefaultWebSessionManager();
        AcceptHeaderLocaleContextResolver locales = new AcceptHeaderLocaleContextResolver();

        for (int i = 0; i < 200_000; i++) {
            MockServerHttpRequest request = MockServerHttpRequest.post("http://gateway/api/orders")
                    .header("X-Device-Id", "flood-" + i)
                    .build();
            decisions
                    .filter(
                            new DefaultServerWebExchange(
                                    request, new MockServerHttpResponse(), sessions, codecs, locales),
                            forwarded)
                    .block();
            if (i >= PIN_BOUND && i % 20_000 == 0) {
                assertThat(registry.get("strangler.read.your.writes.pins")
                                .gauge()
                                .value())
                        .as("live pins after %d writers", i + 1)
                        .isEqualTo(PIN_BOUND);
            }
        }
        assertThat(registry.get("strangler.read.your.writes.pins").gauge().value())
                .isEqualTo(PIN_BOUND);
    }

    @Test
    void aCallerWhoJustLoggedInAtTheServiceAndIsUnknownAtTheMonolithYetIsAnsweredByTheMonolithOnceItKnowsThem() {
        useRoutes("""
                read-your-writes: {window: 3s, key: [header:X-Device-Id], recheck-unauthorized: 100ms}
                routes:
                  - {id: identity-write, methods: [POST], paths: ["/api/auth/login"], service: catalog, mode: service}
                """);
        // The monolith learns of the session the service made at login a moment later (the reverse stream).
        MONOLITH.stubFor(any(urlEqualTo("/api/orders"))
                .inScenario("session on its way")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withBody("unknown session"))
                .willSetStateTo("still on its way"));
        MONOLITH.stubFor(any(urlEqualTo("/api/orders"))
                .inScenario("session on its way")
                .whenScenarioStateIs("still on its way")
                .willReturn(aResponse().withStatus(401).withBody("unknown session"))
                .willSetStateTo("arrived"));
        MONOLITH.stubFor(any(urlEqualTo("/api/orders"))
                .inScenario("session on its way")
                .whenScenarioStateIs("arrived")
                .willReturn(aResponse().withStatus(201).withBody("order placed")));
        write("POST", "/api/auth/login", "phone-new");
        double before = rechecks("monolith-default");

        HttpResponse<String> checkout = send(HttpRequest.newBuilder(URI.create(url("/api/orders")))
                .timeout(Duration.ofSeconds(10))
                .header("X-Device-Id", "phone-new")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"productId\":7,\"quantity\":1}]}"))
                .build());

        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(201);
        assertThat(checkout.body()).isEqualTo("order placed");
        MONOLITH.verify(
                3,
                postRequestedFor(urlEqualTo("/api/orders"))
                        .withRequestBody(equalToJson("{\"items\":[{\"productId\":7,\"quantity\":1}]}")));
        assertThat(rechecks("monolith-default") - before).isEqualTo(2);
    }

    @Test
    void aCallerTheMonolithRefusesIsAnsweredOnceWhenNotPinnedToAServiceAndWithTheLast401WhenThePinEnds() {
        useRoutes("""
                read-your-writes: {window: 600ms, key: [header:X-Device-Id], recheck-unauthorized: 100ms}
                routes:
                  - {id: identity-write, methods: [POST], paths: ["/api/auth/login"], service: catalog, mode: service}
                """);
        MONOLITH.stubFor(any(urlEqualTo("/api/orders"))
                .willReturn(aResponse().withStatus(401).withBody("no")));

        assertThat(fetch("/api/orders", "X-Device-Id", "phone-stranger").statusCode())
                .isEqualTo(401);
        MONOLITH.verify(1, getRequestedFor(urlEqualTo("/api/orders")));

        write("POST", "/api/auth/login", "phone-refused");
        long start = System.nanoTime();
        HttpResponse<String> refused = fetch("/api/orders", "X-Device-Id", "phone-refused");
        long tookMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo("no");
        assertThat(tookMillis).as("asked again only while the pin lasted").isLessThan(3_000);
        assertThat(MONOLITH.findAll(getRequestedFor(urlEqualTo("/api/orders"))).size())
                .as("the first ask, then again every 100 ms while the 600 ms pin lasted")
                .isBetween(3, 8);
    }

    @Test
    void aRecheckAsLongAsTheWindowIsRejected() {
        write("""
                monolith: http://127.0.0.1:1
                read-your-writes: {window: 2s, key: [header:X-Device-Id], recheck-unauthorized: 2s}
                routes: []
                """);
        watcher.checkNow();

        assertThat(routes.lastReload().accepted()).isFalse();
        assertThat(routes.lastReload().message())
                .contains(
                        "read-your-writes.recheck-unauthorized: must be shorter than the window ('2s'), or 0s for never");
    }

    private double rechecks(String route) {
        var counter = registry.find("strangler.unauthorized.rechecks")
                .tag("route", route)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    void write(String method, String path, String device) {
        send(HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(10))
                .header("X-Device-Id", device)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    }
}
