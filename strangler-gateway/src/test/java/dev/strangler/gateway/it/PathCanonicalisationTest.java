package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway decides on exactly the path a normalising upstream acts on. A real nginx stands in
 * front of both stubs, as in front of many monoliths: it merges slashes, resolves dot segments and
 * decodes {@code %2e} and {@code %2f} before it acts. Every spelling of the admin path must reach the
 * side the route's mode says, as the canonical path, or be refused with 400; the admin path must never
 * reach the monolith while the route is in service mode or held.
 */
class PathCanonicalisationTest extends GatewayTestBase {

    private static final String CANONICAL = "/api/admin/products/5";

    /** Spellings that a normalising server acts on as {@link #CANONICAL}: the gateway rewrites them. */
    private static final List<String> REWRITTEN = List.of(
            "//api/admin/products/5",
            "/api//admin///products/5",
            "/api/./admin/products/5",
            "/api/x/../admin/products/5",
            "/api/%61dmin/products/%35");

    /** Spellings that upstreams read differently from one another, with the part the 400 must name. */
    private static final Map<String, String> REFUSED = Map.of(
            "/api/x/%2e%2e/admin/products/5", "%2e%2e",
            "/api/x/.%2E/admin/products/5", ".%2E",
            "/api/admin%2fproducts/5", "%2f",
            "/api/admin/products/5;v=1", ";",
            "/api/admin;x/products/5", ";",
            "/api/admin/products%3B5", "%3B",
            "/../api/admin/products/5", "..");

    private static Nginx nginx;

    @BeforeAll
    static void normalisingUpstreams() {
        nginx = Nginx.inFrontOf(MONOLITH.baseUrl(), SERVICE.baseUrl());
    }

    @AfterAll
    static void stopNginx() {
        nginx.close();
    }

    @BeforeEach
    void bothSidesAnswerWhoTheyAre() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("service")));
    }

    private void adminRouteIn(String mode, String topLevel) {
        // A timeout for a loaded machine: nothing here is about timeouts, and one more hop is on the way.
        useRoutes(nginx.url(0), nginx.url(1), "5s", topLevel + """
                routes:
                  - {id: admin-products, methods: [GET, PATCH], paths: ["/api/admin/products/*"], service: catalog, mode: %s}
                """.formatted(mode));
    }

    @Test
    void everySpellingOfAServiceRoutesPathReachesTheServiceAsTheCanonicalPathAndNeverTheMonolith() {
        adminRouteIn("service", "");

        for (String path : REWRITTEN) {
            assertThat(patch(path).body()).as("PATCH " + path).isEqualTo("service");
            assertThat(fetch(path).body()).as("GET " + path).isEqualTo("service");
        }

        assertThat(urlsSeenBy(SERVICE))
                .as("what the service acted on")
                .hasSize(2 * REWRITTEN.size())
                .containsOnly(CANONICAL);
        assertThat(urlsSeenBy(MONOLITH))
                .as("the monolith must not see the admin path of a route in service mode")
                .isEmpty();
    }

    @Test
    void everySpellingOfAMonolithRoutesPathReachesTheMonolithAsTheCanonicalPath() {
        adminRouteIn("monolith", "");

        for (String path : REWRITTEN) {
            assertThat(patch(path).body()).as("PATCH " + path).isEqualTo("monolith");
        }

        assertThat(urlsSeenBy(MONOLITH)).hasSize(REWRITTEN.size()).containsOnly(CANONICAL);
        assertThat(urlsSeenBy(SERVICE)).isEmpty();
    }

    @Test
    void everySpellingOfAHeldRoutesPathWaitsForTheReleaseThenReachesTheNewOwner() throws Exception {
        adminRouteIn("monolith", "");
        assertThat(admin(
                                "POST",
                                "/admin/routes/admin-products/hold",
                                ADMIN_TOKEN,
                                "{\"reason\":\"write cutover\",\"limitMillis\":15000}")
                        .statusCode())
                .isEqualTo(200);

        List<CompletableFuture<HttpResponse<String>>> writes = REWRITTEN.stream()
                .map(path -> CompletableFuture.supplyAsync(() -> patch(path)))
                .toList();
        Thread.sleep(700);
        assertThat(writes).as("held").noneMatch(CompletableFuture::isDone);
        assertThat(urlsSeenBy(MONOLITH))
                .as("nothing reaches the monolith while held")
                .isEmpty();
        assertThat(urlsSeenBy(SERVICE))
                .as("nothing reaches the service while held")
                .isEmpty();

        admin(
                "PUT",
                "/admin/routes/admin-products",
                ADMIN_TOKEN,
                "{\"mode\":\"service\",\"reason\":\"write cutover\"}");
        assertThat(admin("DELETE", "/admin/routes/admin-products/hold?reason=flipped", ADMIN_TOKEN, null)
                        .statusCode())
                .isEqualTo(200);

        for (CompletableFuture<HttpResponse<String>> write : writes) {
            assertThat(write.get().body()).isEqualTo("service");
        }
        assertThat(urlsSeenBy(SERVICE)).hasSize(REWRITTEN.size()).containsOnly(CANONICAL);
        assertThat(urlsSeenBy(MONOLITH)).isEmpty();
    }

    @Test
    void spellingsUpstreamsReadDifferentlyAreRefusedWith400InEveryModeAndReachNeitherSide() {
        for (String mode : List.of("monolith", "service", "held")) {
            adminRouteIn(mode.equals("held") ? "service" : mode, "");
            if (mode.equals("held")) {
                admin(
                        "POST",
                        "/admin/routes/admin-products/hold",
                        ADMIN_TOKEN,
                        "{\"reason\":\"write cutover\",\"limitMillis\":15000}");
            }
            REFUSED.forEach((path, part) -> {
                HttpResponse<String> r = patch(path);
                assertThat(r.statusCode()).as(mode + ": PATCH " + path).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type"))
                        .as(path)
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(r.body()).as(path).contains("\"status\":400").contains("'" + part + "'");
                assertThat(fetch(path).statusCode()).as(mode + ": GET " + path).isEqualTo(400);
            });
            if (mode.equals("held")) {
                admin("DELETE", "/admin/routes/admin-products/hold?reason=done", ADMIN_TOKEN, null);
            }
            assertThat(urlsSeenBy(MONOLITH)).as(mode).isEmpty();
            assertThat(urlsSeenBy(SERVICE)).as(mode).isEmpty();
        }
    }

    @Test
    void mixedCaseIsAnotherPathByDefaultAsForACaseSensitiveUpstream() {
        adminRouteIn("service", "");

        assertThat(patch("/API/Admin/products/5").body()).isEqualTo("monolith");

        assertThat(urlsSeenBy(MONOLITH))
                .as("nginx, like the route table, tells the cases apart")
                .containsExactly("/API/Admin/products/5");
        assertThat(urlsSeenBy(SERVICE)).isEmpty();
    }

    @Test
    void withCaseInsensitivePathsMixedCaseTakesTheRouteInEveryMode() throws Exception {
        String mixed = "/API/Admin//products/./5";
        adminRouteIn("monolith", "case-insensitive-paths: true\n");
        assertThat(patch(mixed).body()).isEqualTo("monolith");

        adminRouteIn("service", "case-insensitive-paths: true\n");
        assertThat(patch(mixed).body()).isEqualTo("service");
        assertThat(fetch(mixed.toLowerCase()).body()).isEqualTo("service");

        admin(
                "POST",
                "/admin/routes/admin-products/hold",
                ADMIN_TOKEN,
                "{\"reason\":\"write cutover\",\"limitMillis\":15000}");
        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> patch(mixed));
        Thread.sleep(500);
        assertThat(held).as("held").isNotDone();
        admin("DELETE", "/admin/routes/admin-products/hold?reason=done", ADMIN_TOKEN, null);
        assertThat(held.get().body()).isEqualTo("service");

        assertThat(urlsSeenBy(MONOLITH)).containsExactly("/API/Admin/products/5");
        assertThat(urlsSeenBy(SERVICE))
                .containsExactlyInAnyOrder("/API/Admin/products/5", "/api/admin/products/5", "/API/Admin/products/5");
    }

    @Test
    void theGatewayItselfForwardsTheCanonicalPathNotOnlyTheProxyBehindIt() {
        useRoutes("""
                routes:
                  - {id: admin-products, methods: [GET, PATCH], paths: ["/api/admin/products/*"], service: catalog, mode: service}
                """);

        assertThat(patch("//api/./admin/x/../products/%35").body()).isEqualTo("service");
        assertThat(fetch("/api//orders/./%37?x=%2e%2e").body()).as("unmatched").isEqualTo("monolith");

        assertThat(urlsSeenBy(SERVICE))
                .as("straight from the gateway, no nginx between")
                .containsExactly(CANONICAL);
        assertThat(urlsSeenBy(MONOLITH)).containsExactly("/api/orders/7?x=%2e%2e");
    }

    @Test
    void theQueryStringIsForwardedUntouched() {
        adminRouteIn("service", "");

        assertThat(fetch("//api/./admin/products/5?next=%2F..%2fx&a=b;c").body())
                .isEqualTo("service");

        assertThat(urlsSeenBy(SERVICE)).containsExactly(CANONICAL + "?next=%2F..%2fx&a=b;c");
    }

    private static List<String> urlsSeenBy(WireMockServer stub) {
        return stub.findAll(anyRequestedFor(anyUrl())).stream()
                .map(LoggedRequest::getUrl)
                .toList();
    }

    private HttpResponse<String> patch(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"price\": 12.5}"))
                .build());
    }
}
