package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Holding a route's requests during a write cutover: they wait, then go where the route points at release. */
class HoldTest extends GatewayTestBase {

    @BeforeEach
    void routes() {
        MONOLITH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("monolith")));
        SERVICE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("service")));
        useRoutes("""
                routes:
                  - {id: catalog-write, methods: [PATCH], paths: ["/api/admin/products/*"], service: catalog, mode: monolith}
                  - {id: catalog-read, methods: [GET], paths: ["/api/products/**"], service: catalog, mode: monolith}
                """);
    }

    @Test
    void aWriteHeldDuringTheFlipReachesTheNewOwnerAndNothingReachesEitherSideWhileHeld() throws Exception {
        assertThat(admin("POST", "/admin/routes/catalog-write/hold", ADMIN_TOKEN, "{\"reason\":\"write cutover\",\"limitMillis\":10000}")
                .statusCode()).isEqualTo(200);

        CompletableFuture<HttpResponse<String>> write = CompletableFuture.supplyAsync(() -> patch("/api/admin/products/7"));
        Thread.sleep(500);
        assertThat(write).as("held").isNotDone();
        assertThat(MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/7")))).isEmpty();
        assertThat(SERVICE.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/7")))).isEmpty();
        assertThat(fetch("/api/products/7").body()).as("other routes are not held").isEqualTo("monolith");

        admin("PUT", "/admin/routes/catalog-write", ADMIN_TOKEN, "{\"mode\":\"service\",\"reason\":\"write cutover\"}");
        HttpResponse<String> released = admin("DELETE", "/admin/routes/catalog-write/hold?reason=flipped", ADMIN_TOKEN, null);

        assertThat(released.statusCode()).isEqualTo(200);
        assertThat(released.body()).contains("\"requestsHeld\":1").contains("\"how\":\"released\"");
        assertThat(write.get().body()).isEqualTo("service");
        assertThat(MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/7")))).isEmpty();
    }

    @Test
    void aHoldReleasesItselfAtItsLimitSoACrashedCutoverCannotBlockWrites() {
        admin("POST", "/admin/routes/catalog-write/hold", ADMIN_TOKEN, "{\"reason\":\"cutover that dies\",\"limitMillis\":300}");

        long start = System.nanoTime();
        HttpResponse<String> write = patch("/api/admin/products/7");

        assertThat(write.body()).isEqualTo("monolith");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(admin("GET", "/admin/holds", READ_TOKEN, null).body()).isEqualTo("[]");
        assertThat(admin("GET", "/admin/audit?limit=1", READ_TOKEN, null).body()).contains("hold expired after 300 ms");
    }

    @Test
    void holdsAreRefusedWhenAlreadyHeldWithoutAReasonOrBeyondTheLimit() {
        assertThat(admin("POST", "/admin/routes/catalog-write/hold", ADMIN_TOKEN, "{\"limitMillis\":1000}").body())
                .contains("a reason is required");
        assertThat(admin("POST", "/admin/routes/catalog-write/hold", ADMIN_TOKEN, "{\"reason\":\"x\",\"limitMillis\":600000}").body())
                .contains("limitMillis must be between 1 and 60000");
        assertThat(admin("POST", "/admin/routes/catalog-write/hold", READ_TOKEN, "{\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(admin("POST", "/admin/routes/catalog-write/hold", ADMIN_TOKEN, "{\"reason\":\"x\"}").statusCode()).isEqualTo(200);
        assertThat(admin("POST", "/admin/routes/catalog-write/hold", ADMIN_TOKEN, "{\"reason\":\"x\"}").statusCode()).isEqualTo(409);
        assertThat(admin("DELETE", "/admin/routes/catalog-write/hold?reason=done", ADMIN_TOKEN, null).statusCode()).isEqualTo(200);
        assertThat(admin("DELETE", "/admin/routes/catalog-write/hold?reason=again", ADMIN_TOKEN, null).statusCode()).isEqualTo(409);
    }

    HttpResponse<String> patch(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"price\": 12.5}")).build());
    }
}
