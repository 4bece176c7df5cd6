package dev.strangler.playbook.route;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.strangler.gateway.api.HoldGranted;
import dev.strangler.gateway.api.HoldReleased;
import dev.strangler.gateway.api.MigrationProgress;
import dev.strangler.gateway.api.RouteView;
import dev.strangler.gateway.api.StreamLag;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The playbook's admin client sends and reads the gateway's own records, as the gateway writes them on the wire. */
class GatewayAdminTest {

    private static final String VIEW = """
            {"id":"catalog-read","service":"catalog","methods":["GET"],"paths":["/api/products/**"],"mode":"canary","percent":12.5,
             "fileMode":"monolith","overridden":true,"killSwitch":false,"tableVersion":7,
             "counters":{"monolith":40,"service":6,"fallbacks":1,"shadowMatches":30,"shadowMismatches":2,"shadowDropped":0,"shadowErrors":0}""";

    private final WireMockServer gateway =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private GatewayAdmin admin;

    @BeforeEach
    void start() {
        gateway.start();
        admin = new GatewayAdmin(URI.create("http://127.0.0.1:" + gateway.port()), "a-token-of-16-chars-or-more");
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void aRouteIsReadAsTheGatewaysRouteViewWithItsCounters() {
        gateway.stubFor(get(urlEqualTo("/admin/routes/catalog-read")).willReturn(okJson(VIEW + "}")));

        RouteView view = admin.route("catalog-read");

        assertThat(view.mode()).isEqualTo("canary");
        assertThat(view.percent()).isEqualTo(12.5);
        assertThat(view.counters().shadowMismatches()).isEqualTo(2);
        assertThat(view.changed())
                .as("a plain read does not say whether anything changed")
                .isNull();
    }

    @Test
    void aModeChangeSendsNoPercentWhenNoneIsGivenAndReadsWhetherItChangedAnything() {
        gateway.stubFor(put(urlEqualTo("/admin/routes/catalog-read")).willReturn(okJson(VIEW + ",\"changed\":false}")));

        RouteView answer = admin.setMode("catalog-read", RouteMode.SERVICE, null, "cut over");

        assertThat(answer.changed()).isFalse();
        gateway.verify(putRequestedFor(urlEqualTo("/admin/routes/catalog-read"))
                .withHeader("X-Actor", equalTo("strangler"))
                .withHeader("Authorization", equalTo("Bearer a-token-of-16-chars-or-more"))
                .withRequestBody(equalToJson("{\"mode\":\"service\",\"reason\":\"cut over\"}")));
    }

    @Test
    void aHoldAndItsReleaseAnswerWithTheirTimesAsNumbers() {
        gateway.stubFor(post(urlEqualTo("/admin/routes/catalog-write/hold"))
                .withRequestBody(
                        equalToJson("{\"reason\":\"write cutover\",\"limitMillis\":10000,\"drainMillis\":5000}"))
                .willReturn(okJson("""
                        {"routeId":"catalog-write","drainMillis":42,"inFlightAtStart":1,"limitMillis":10000,"quietWaitMillis":12}""")));
        gateway.stubFor(
                delete(urlPathEqualTo("/admin/routes/catalog-write/hold")).willReturn(okJson("""
                {"routeId":"catalog-write","since":"2026-12-05T09:00:00.123456Z","heldMillis":130,"requestsHeld":3,"how":"released"}""")));

        HoldGranted granted =
                admin.hold("catalog-write", Duration.ofSeconds(10), Duration.ofSeconds(5), "write cutover");
        HoldReleased released = admin.release("catalog-write", "done");

        assertThat(granted.drainMillis()).isEqualTo(42);
        assertThat(granted.quietWaitMillis()).isEqualTo(12);
        assertThat(granted.closedMillis())
                .as("a gateway that does not say how long its gate was closed")
                .isNull();
        assertThat(released.heldMillis()).isEqualTo(130);
        assertThat(released.requestsHeld()).isEqualTo(3);
        assertThat(released.since()).isEqualTo(Instant.parse("2026-12-05T09:00:00.123456Z"));
    }

    @Test
    void aHoldWhoseKeptAliveConnectionDiesBeforeTheAnswerIsSentOnceAndFails() {
        gateway.stubFor(get(urlEqualTo("/admin/routes/catalog-read")).willReturn(okJson(VIEW + "}")));
        gateway.stubFor(post(urlEqualTo("/admin/routes/catalog-write/hold"))
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        admin.route("catalog-read"); // the connection is kept alive for the next call

        assertThatThrownBy(() ->
                        admin.hold("catalog-write", Duration.ofSeconds(10), Duration.ofSeconds(5), "write cutover"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be reached");
        // The gateway may have taken the hold: the client alone never sends it again.
        gateway.verify(1, postRequestedFor(urlEqualTo("/admin/routes/catalog-write/hold")));
    }

    @Test
    void aRedirectIsARefusalNotAFollowedCall() {
        gateway.stubFor(get(urlEqualTo("/admin/routes/catalog-read"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));

        assertThatThrownBy(() -> admin.route("catalog-read"))
                .isInstanceOf(GatewayAdmin.Refused.class)
                .hasMessageContaining("(302)");
        gateway.verify(0, getRequestedFor(urlEqualTo("/elsewhere")));
    }

    @Test
    void aFeaturesProgressIsSentAsTheGatewaysRecordToItsFeaturesPathAndReadBackAsOne() {
        String stored = """
                {"feature":"catalog","routes":["catalog-read"],"writeRoutes":[],"step":2,"steps":5,"phase":"canary 10%",
                 "status":"running","since":"2026-12-01T10:00:00Z","next":"waiting for data: shadow comparisons 12 of 20",
                 "lastGates":[],"streams":[{"stream":"catalog_forward","state":"running","lagMillis":850,
                 "walRetainedBytes":null,"checkedAt":"2026-12-01T10:05:00Z"}],"ownership":{"products":["price"]},
                 "updatedAt":"2026-12-01T10:05:01Z"}""";
        gateway.stubFor(put(urlEqualTo("/admin/migrations/catalog")).willReturn(okJson(stored)));
        gateway.stubFor(get(urlEqualTo("/admin/migrations")).willReturn(okJson("[" + stored + "]")));
        MigrationProgress progress = new MigrationProgress(
                "catalog",
                List.of("catalog-read"),
                List.of(),
                2,
                5,
                "canary 10%",
                "running",
                Instant.parse("2026-12-01T10:00:00Z"),
                "waiting for data: shadow comparisons 12 of 20",
                List.of(),
                List.of(new StreamLag("catalog_forward", "running", 850L, null, Instant.parse("2026-12-01T10:05:00Z"))),
                Map.of("products", List.of("price")),
                null);

        MigrationProgress kept = admin.putMigration(progress);

        assertThat(kept.updatedAt()).isEqualTo(Instant.parse("2026-12-01T10:05:01Z"));
        gateway.verify(putRequestedFor(urlEqualTo("/admin/migrations/catalog"))
                .withRequestBody(equalToJson(
                        "{\"feature\":\"catalog\",\"step\":2,\"steps\":5,\"since\":\"2026-12-01T10:00:00Z\","
                                + "\"streams\":[{\"stream\":\"catalog_forward\",\"lagMillis\":850}]}",
                        true,
                        true)));
        assertThat(admin.migrations()).containsExactly(kept);
    }

    @Test
    void noCutoverUnderWayIsNullAndARefusalCarriesTheProblemsDetail() {
        gateway.stubFor(get(urlEqualTo("/admin/cutovers")).willReturn(okJson("[]")));
        gateway.stubFor(
                delete(urlPathEqualTo("/admin/routes/catalog-write/hold"))
                        .willReturn(
                                aResponse()
                                        .withStatus(409)
                                        .withHeader("Content-Type", "application/problem+json")
                                        .withBody(
                                                "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"route catalog-write is not held\"}")));

        assertThat(admin.cutover("catalog")).isNull();
        assertThatThrownBy(() -> admin.release("catalog-write", "done"))
                .isInstanceOf(GatewayAdmin.Refused.class)
                .hasMessageContaining("route catalog-write is not held");
    }
}
