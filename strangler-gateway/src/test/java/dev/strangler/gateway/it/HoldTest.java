package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Holding a route's requests during a write cutover: they wait, then go where the route points at release. */
class HoldTest extends GatewayTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ExecutorService OWN_THREADS = Executors.newCachedThreadPool();

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
        CompletableFuture<HttpResponse<String>> write = holdWithAWriteWaiting();
        assertThat(write).as("held").isNotDone();
        assertThat(MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/7"))))
                .isEmpty();
        assertThat(SERVICE.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/7"))))
                .isEmpty();
        assertThat(fetch("/api/products/7").body())
                .as("other routes are not held")
                .isEqualTo("monolith");

        admin("PUT", "/admin/routes/catalog-write", ADMIN_TOKEN, "{\"mode\":\"service\",\"reason\":\"write cutover\"}");
        HttpResponse<String> released =
                admin("DELETE", "/admin/routes/catalog-write/hold?reason=flipped", ADMIN_TOKEN, null);

        assertThat(released.statusCode()).isEqualTo(200);
        assertThat(released.body()).contains("\"requestsHeld\":1").contains("\"how\":\"released\"");
        assertThat(write.get().body()).isEqualTo("service");
        assertThat(MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/7"))))
                .isEmpty();
    }

    @Test
    void aHoldReleasesItselfAtItsLimitSoACrashedCutoverCannotBlockWrites() {
        admin(
                "POST",
                "/admin/routes/catalog-write/hold",
                ADMIN_TOKEN,
                "{\"reason\":\"cutover that dies\",\"limitMillis\":300}");

        long start = System.nanoTime();
        HttpResponse<String> write = patch("/api/admin/products/7");

        assertThat(write.body()).isEqualTo("monolith");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(admin("GET", "/admin/holds", READ_TOKEN, null).body()).isEqualTo("[]");
        assertThat(admin("GET", "/admin/audit?limit=1", READ_TOKEN, null).body())
                .contains("hold expired after 300 ms");
    }

    @Test
    void holdsAreRefusedWhenAlreadyHeldWithoutAReasonOrBeyondTheLimit() {
        assertThat(admin("POST", "/admin/routes/catalog-write/hold", ADMIN_TOKEN, "{\"limitMillis\":1000}")
                        .body())
                .contains("a reason is required");
        assertThat(admin(
                                "POST",
                                "/admin/routes/catalog-write/hold",
                                ADMIN_TOKEN,
                                "{\"reason\":\"x\",\"limitMillis\":600000}")
                        .body())
                .contains("limitMillis must be between 1 and 60000");
        assertThat(admin("POST", "/admin/routes/catalog-write/hold", READ_TOKEN, "{\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(admin("POST", "/admin/routes/catalog-write/hold", ADMIN_TOKEN, "{\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(admin("POST", "/admin/routes/catalog-write/hold", ADMIN_TOKEN, "{\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(admin("DELETE", "/admin/routes/catalog-write/hold?reason=done", ADMIN_TOKEN, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(admin("DELETE", "/admin/routes/catalog-write/hold?reason=again", ADMIN_TOKEN, null)
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void aHoldIsGrantedOnlyOnceTheWritesAlreadyInFlightHaveFinished() throws Exception {
        long sent = System.nanoTime();
        CompletableFuture<HttpResponse<String>> inFlight = writeInFlightAtTheMonolith("monolith", 2_000);

        // Not the common pool: on two cores it has one thread, which the write in flight occupies.
        CompletableFuture<HttpResponse<String>> hold = CompletableFuture.supplyAsync(
                () -> admin(
                        "POST",
                        "/admin/routes/catalog-write/hold",
                        ADMIN_TOKEN,
                        "{\"reason\":\"write cutover\",\"limitMillis\":10000,\"drainMillis\":5000}"),
                OWN_THREADS);
        Thread.sleep(200);
        long fastSent = System.nanoTime();
        HttpResponse<String> duringTheWait = patch("/api/admin/products/10");
        Duration fastTook = Duration.ofNanos(System.nanoTime() - fastSent);
        boolean grantedBeforeTheFastWriteWasAnswered = hold.isDone();
        HttpResponse<String> granted = hold.get(10, TimeUnit.SECONDS);

        assertThat(duringTheWait.body()).isEqualTo("monolith");
        assertThat(grantedBeforeTheFastWriteWasAnswered)
                .as("the hold was still waiting for its quiet moment")
                .isFalse();
        assertThat(fastTook)
                .as("a write while the hold waits for a quiet moment is not held")
                .isLessThan(Duration.ofMillis(1_500));
        assertThat(Duration.ofNanos(System.nanoTime() - sent))
                .as("the hold is granted only after the monolith answered the write " + "admitted before it (2 s)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2_000));
        assertThat(inFlight.get(1, TimeUnit.SECONDS).body()).isEqualTo("monolith");
        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(granted.body()).path("inFlightAtStart").asInt())
                .as("its gate closed at the quiet moment")
                .isEqualTo(0);
        assertThat(JSON.readTree(granted.body()).path("quietWaitMillis").asLong())
                .isGreaterThan(1_000);
        assertThat(JSON.readTree(granted.body()).path("drainMillis").asLong()).isGreaterThan(1_000);
        CompletableFuture<HttpResponse<String>> after =
                CompletableFuture.supplyAsync(() -> patch("/api/admin/products/9"));
        Thread.sleep(300);
        assertThat(after).as("a write after the hold waits").isNotDone();
        admin("DELETE", "/admin/routes/catalog-write/hold?reason=done", ADMIN_TOKEN, null);
        assertThat(after.get().body()).isEqualTo("monolith");
    }

    @Test
    void aHoldWithNoQuietMomentWithinAQuarterOfItsLimitClosesItsGateThenAndDrains() throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = writeInFlightAtTheMonolith("monolith", 4_000);

        HttpResponse<String> granted = admin(
                "POST",
                "/admin/routes/catalog-write/hold",
                ADMIN_TOKEN,
                "{\"reason\":\"write cutover\",\"limitMillis\":10000,\"drainMillis\":5000}");

        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        assertThat(inFlight.get(1, TimeUnit.SECONDS).body()).isEqualTo("monolith");
        assertThat(JSON.readTree(granted.body()).path("inFlightAtStart").asInt())
                .as("closed on the write still in flight")
                .isEqualTo(1);
        assertThat(JSON.readTree(granted.body()).path("quietWaitMillis").asLong())
                .as("a quarter of the limit")
                .isBetween(2_400L, 3_500L);
        assertThat(JSON.readTree(granted.body()).path("closedMillis").asLong())
                .as("the held writes waited from the closing for the write in flight (4 s from its start)")
                .isGreaterThan(400)
                .isLessThanOrEqualTo(
                        JSON.readTree(granted.body()).path("drainMillis").asLong());
        admin("DELETE", "/admin/routes/catalog-write/hold?reason=done", ADMIN_TOKEN, null);
    }

    @Test
    void aHoldGivenAQuietWaitLongerThanItsLimitWaitsForTheQuietMomentAndItsLimitCountsFromTheClosing()
            throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = writeInFlightAtTheMonolith("monolith", 1_500);

        HttpResponse<String> granted = admin(
                "POST",
                "/admin/routes/catalog-write/hold",
                ADMIN_TOKEN,
                "{\"reason\":\"write cutover\",\"limitMillis\":1000,\"drainMillis\":500,\"quietMillis\":5000}");
        try {
            assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
            assertThat(inFlight.get(1, TimeUnit.SECONDS).body()).isEqualTo("monolith");
            assertThat(JSON.readTree(granted.body()).path("inFlightAtStart").asInt())
                    .as("closed at the quiet moment, after the slow write, with nothing to drain")
                    .isEqualTo(0);
            assertThat(JSON.readTree(granted.body()).path("quietWaitMillis").asLong())
                    .as("longer than the hold's limit and its default quiet wait (a quarter of the limit)")
                    .isGreaterThan(1_000);
            assertThat(admin("GET", "/admin/holds", READ_TOKEN, null).body())
                    .as("not expired: its limit counts from the closing of its gate")
                    .contains("catalog-write");
            CompletableFuture<HttpResponse<String>> held =
                    CompletableFuture.supplyAsync(() -> patch("/api/admin/products/9"), OWN_THREADS);
            Thread.sleep(300);
            assertThat(held).as("a write after the closing waits").isNotDone();
            assertThat(held.get(5, TimeUnit.SECONDS).body())
                    .as("released at the limit (no cutover record): it goes on")
                    .isEqualTo("monolith");
        } finally {
            admin("DELETE", "/admin/routes/catalog-write/hold?reason=done", ADMIN_TOKEN, null);
        }
    }

    @Test
    void aHoldWithANegativeQuietWaitIsRefused() {
        HttpResponse<String> refused = admin(
                "POST",
                "/admin/routes/catalog-write/hold",
                ADMIN_TOKEN,
                "{\"reason\":\"write cutover\",\"limitMillis\":1000,\"quietMillis\":-1}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("quietMillis must be between 0 and");
        assertThat(admin("GET", "/admin/holds", READ_TOKEN, null).body()).isEqualTo("[]");
    }

    @Test
    void aHoldOfARouteItsCutoverRecordSaysMustBeHeldClosesItsGateAtOnce() throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = writeInFlightAtTheMonolith("monolith", 1_500);
        // A resumed cutover past its hand-over: the old owner may no longer own the columns, so no write may pass while
        // waiting.
        assertThat(admin(
                                "PUT",
                                "/admin/cutovers/catalog",
                                ADMIN_TOKEN,
                                "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],"
                                        + "\"step\":\"handing-over\",\"holding\":true,\"reason\":\"resumed\"}")
                        .statusCode())
                .isEqualTo(200);
        try {
            HttpResponse<String> granted = admin(
                    "POST",
                    "/admin/routes/catalog-write/hold",
                    ADMIN_TOKEN,
                    "{\"reason\":\"resumed cutover\",\"limitMillis\":10000,\"drainMillis\":5000}");

            assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
            assertThat(JSON.readTree(granted.body()).path("quietWaitMillis").asLong())
                    .as("closed at once")
                    .isLessThan(200);
            assertThat(JSON.readTree(granted.body()).path("inFlightAtStart").asInt())
                    .isEqualTo(1);
            assertThat(inFlight.get(5, TimeUnit.SECONDS).body()).isEqualTo("monolith");
        } finally {
            admin("DELETE", "/admin/routes/catalog-write/hold?reason=done", ADMIN_TOKEN, null);
            admin("DELETE", "/admin/cutovers/catalog?reason=done", ADMIN_TOKEN, null);
        }
    }

    @Test
    void aHoldWhoseWritesInFlightDoNotFinishInTimeIsWithdrawnAndWritesFlowAgain() throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = writeInFlightAtTheMonolith("slow", 2_000);

        HttpResponse<String> refused = admin(
                "POST",
                "/admin/routes/catalog-write/hold",
                ADMIN_TOKEN,
                "{\"reason\":\"write cutover\",\"limitMillis\":10000,\"drainMillis\":300,\"quietMillis\":0}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("1 request(s) admitted before the hold were still in flight after 300 ms");
        assertThat(admin("GET", "/admin/holds", READ_TOKEN, null).body()).isEqualTo("[]");
        assertThat(patch("/api/admin/products/7").body())
                .as("not held any more")
                .isEqualTo("monolith");
        assertThat(inFlight.get().body()).isEqualTo("slow");
    }

    @Test
    void aRouteWhoseCutoverDiedHalfWayAnswers503WithRetryAfterInsteadOfReachingTheOldOwner() {
        assertThat(admin(
                                "PUT",
                                "/admin/cutovers/catalog",
                                ADMIN_TOKEN,
                                "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],"
                                        + "\"step\":\"handing-over\",\"holding\":true,\"reason\":\"write cutover\"}")
                        .statusCode())
                .isEqualTo(200);
        admin(
                "POST",
                "/admin/routes/catalog-write/hold",
                ADMIN_TOKEN,
                "{\"reason\":\"cutover that dies\",\"limitMillis\":300}");

        HttpResponse<String> heldThenFenced = patch("/api/admin/products/7");
        HttpResponse<String> fenced = patch("/api/admin/products/7");

        for (HttpResponse<String> r : List.of(heldThenFenced, fenced)) {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(r.body()).contains("unfinished write cutover");
        }
        assertThat(MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/7"))))
                .as("nothing reached the old owner")
                .isEmpty();
        assertThat(SERVICE.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/7"))))
                .isEmpty();
        assertThat(fetch("/api/products/7").body())
                .as("other routes are not fenced")
                .isEqualTo("monolith");
        assertThat(admin("GET", "/admin/cutovers/catalog", READ_TOKEN, null).body())
                .contains("\"step\":\"handing-over\"");

        admin(
                "PUT",
                "/admin/routes/catalog-write",
                ADMIN_TOKEN,
                "{\"mode\":\"service\",\"reason\":\"cutover finished\"}");
        assertThat(admin("DELETE", "/admin/cutovers/catalog?reason=finished", ADMIN_TOKEN, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(patch("/api/admin/products/7").body()).isEqualTo("service");
    }

    @Test
    void aHoldAskedToRecordTheNextStepRecordsItOnlyOnceGrantedAfterTheWritesInFlightHaveFinished() throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = writeInFlightAtTheMonolith("monolith", 1_500);
        try {
            CompletableFuture<HttpResponse<String>> hold = CompletableFuture.supplyAsync(
                    () -> admin(
                            "POST",
                            "/admin/routes/catalog-write/hold",
                            ADMIN_TOKEN,
                            "{\"reason\":\"write cutover\",\"limitMillis\":10000,\"drainMillis\":5000,"
                                    + "\"quietMillis\":0,\"recordOnGrant\":{\"cutover\":\"catalog\",\"step\":"
                                    + "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],"
                                    + "\"step\":\"handing-over\",\"holding\":true,\"reason\":\"write cutover\"}}}"),
                    OWN_THREADS);
            Thread.sleep(500);
            assertThat(hold).as("draining the write in flight").isNotDone();
            assertThat(admin("GET", "/admin/cutovers/catalog", READ_TOKEN, null).statusCode())
                    .as("nothing recorded before the grant")
                    .isEqualTo(404);

            HttpResponse<String> granted = hold.get(10, TimeUnit.SECONDS);

            assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
            assertThat(inFlight)
                    .as("the write admitted before was answered first")
                    .isDone();
            assertThat(JSON.readTree(granted.body())
                            .path("recorded")
                            .path("step")
                            .asString())
                    .isEqualTo("handing-over");
            assertThat(admin("GET", "/admin/cutovers/catalog", READ_TOKEN, null).body())
                    .contains("\"step\":\"handing-over\"")
                    .contains("\"holding\":true");
            assertThat(admin("GET", "/admin/audit?limit=3", READ_TOKEN, null).body())
                    .as("held, then recorded")
                    .containsSubsequence("\"to\":\"held", "cutover at handing-over (holding)");
        } finally {
            undoTheCutover();
        }
    }

    @Test
    void aHoldWhoseStepToRecordIsInvalidIsRefusedBeforeAnythingIsHeld() {
        HttpResponse<String> refused = admin(
                "POST",
                "/admin/routes/catalog-write/hold",
                ADMIN_TOKEN,
                "{\"reason\":\"write cutover\",\"limitMillis\":10000,\"recordOnGrant\":{\"cutover\":\"catalog\","
                        + "\"step\":{\"direction\":\"cutover\",\"routes\":[\"no-such-route\"],"
                        + "\"step\":\"handing-over\",\"holding\":true,\"reason\":\"write cutover\"}}}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("no-such-route");
        assertThat(admin("GET", "/admin/holds", READ_TOKEN, null).body()).isEqualTo("[]");
        assertThat(admin("GET", "/admin/cutovers/catalog", READ_TOKEN, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aCutoverStepTakenInOneCallIsRecordedFirstThenFlipsAndReleasesWhatWasHeld() throws Exception {
        CompletableFuture<HttpResponse<String>> write = holdWithAWriteWaiting();
        try {
            HttpResponse<String> flipped = admin(
                    "POST",
                    "/admin/cutovers/catalog/steps",
                    ADMIN_TOKEN,
                    "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],\"step\":\"flipping\","
                            + "\"holding\":true,\"reason\":\"write cutover\",\"then\":\"flip-to-service\"}");

            assertThat(flipped.statusCode()).as(flipped.body()).isEqualTo(200);
            assertThat(JSON.readTree(flipped.body()).path("record").path("step").asString())
                    .isEqualTo("flipping");
            assertThat(JSON.readTree(flipped.body())
                            .path("routes")
                            .get(0)
                            .path("mode")
                            .asString())
                    .isEqualTo("service");
            assertThat(write).as("still held after the flip").isNotDone();

            HttpResponse<String> released = admin(
                    "POST",
                    "/admin/cutovers/catalog/steps",
                    ADMIN_TOKEN,
                    "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],\"step\":\"releasing\","
                            + "\"holding\":false,\"reason\":\"cutover done\",\"then\":\"release\"}");

            assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
            assertThat(JSON.readTree(released.body())
                            .path("record")
                            .path("step")
                            .asString())
                    .isEqualTo("releasing");
            assertThat(JSON.readTree(released.body())
                            .path("released")
                            .get(0)
                            .path("requestsHeld")
                            .asInt())
                    .isEqualTo(1);
            assertThat(write.get(5, TimeUnit.SECONDS).body())
                    .as("the held write went to the new owner")
                    .isEqualTo("service");
            assertThat(MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/7"))))
                    .isEmpty();
        } finally {
            undoTheCutover();
        }
    }

    @Test
    void aFlipWithItsReleaseStepRecordsBothAndReleasesTheHeldWritesToTheNewOwnerInOneCall() throws Exception {
        CompletableFuture<HttpResponse<String>> write = holdWithAWriteWaiting();
        try {
            HttpResponse<String> taken = admin(
                    "POST",
                    "/admin/cutovers/catalog/steps",
                    ADMIN_TOKEN,
                    "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],\"step\":\"flipping\","
                            + "\"holding\":true,\"reason\":\"write cutover\",\"then\":\"flip-to-service\","
                            + "\"releaseStep\":\"releasing\"}");

            assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
            assertThat(JSON.readTree(taken.body()).path("record").path("step").asString())
                    .isEqualTo("releasing");
            assertThat(JSON.readTree(taken.body())
                            .path("record")
                            .path("holding")
                            .asBoolean())
                    .isFalse();
            assertThat(JSON.readTree(taken.body())
                            .path("released")
                            .get(0)
                            .path("requestsHeld")
                            .asInt())
                    .isEqualTo(1);
            assertThat(write.get(5, TimeUnit.SECONDS).body()).isEqualTo("service");
            assertThat(MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/7"))))
                    .isEmpty();
            JsonNode took = JSON.readTree(taken.body()).path("tookMillis");
            assertThat(took.propertyNames())
                    .as("how long the gateway took, part by part")
                    .containsExactlyInAnyOrder("record", "flip", "release", "tell", "total");
            assertThat(took.path("total").asLong())
                    .isGreaterThanOrEqualTo(took.path("record").asLong()
                            + took.path("flip").asLong()
                            + took.path("release").asLong());
            assertThat(admin("GET", "/admin/audit?limit=4", READ_TOKEN, null).body())
                    .as("the flip recorded and taken before the release was recorded")
                    .containsSubsequence("cutover at flipping", "\"to\":\"service\"", "cutover at releasing");
        } finally {
            undoTheCutover();
        }
    }

    @Test
    void aCutoverStepWithAnUnknownActionOrAnActionOnPutIsRefusedAndNothingIsRecorded() {
        HttpResponse<String> unknown = admin(
                "POST",
                "/admin/cutovers/catalog/steps",
                ADMIN_TOKEN,
                "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],\"step\":\"flipping\","
                        + "\"holding\":true,\"reason\":\"r\",\"then\":\"flip-somewhere\"}");
        HttpResponse<String> none = admin(
                "POST",
                "/admin/cutovers/catalog/steps",
                ADMIN_TOKEN,
                "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],\"step\":\"flipping\","
                        + "\"holding\":true,\"reason\":\"r\"}");
        HttpResponse<String> onPut = admin(
                "PUT",
                "/admin/cutovers/catalog",
                ADMIN_TOKEN,
                "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],\"step\":\"flipping\","
                        + "\"holding\":true,\"reason\":\"r\",\"then\":\"release\"}");

        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("then is required");
        assertThat(onPut.statusCode()).isEqualTo(400);
        assertThat(onPut.body()).contains("POST /admin/cutovers/{name}/steps");
        assertThat(admin("GET", "/admin/cutovers/catalog", READ_TOKEN, null).statusCode())
                .as("nothing recorded")
                .isEqualTo(404);
        assertThat(patch("/api/admin/products/7").body()).isEqualTo("monolith");
    }

    @Test
    void aCutoverRecordNamesKnownRoutesAndSaysWhetherItHolds() {
        assertThat(admin(
                                "PUT",
                                "/admin/cutovers/catalog",
                                ADMIN_TOKEN,
                                "{\"direction\":\"cutover\",\"routes\":[\"nope\"],"
                                        + "\"step\":\"x\",\"holding\":true,\"reason\":\"r\"}")
                        .body())
                .contains("unknown route(s) [nope]");
        assertThat(admin(
                                "PUT",
                                "/admin/cutovers/catalog",
                                ADMIN_TOKEN,
                                "{\"direction\":\"cutover\",\"routes\":[\"catalog-write\"],"
                                        + "\"step\":\"x\",\"reason\":\"r\"}")
                        .body())
                .contains("direction, step and holding are required");
        assertThat(admin("PUT", "/admin/cutovers/catalog", READ_TOKEN, "{}").statusCode())
                .isEqualTo(403);
        assertThat(admin("GET", "/admin/cutovers/catalog", READ_TOKEN, null).statusCode())
                .isEqualTo(404);
        assertThat(admin("DELETE", "/admin/cutovers/catalog?reason=x", ADMIN_TOKEN, null)
                        .statusCode())
                .isEqualTo(404);
    }

    /**
     * A write of product 8 that the monolith answers ({@code body}) only after {@code millis}: on its way when this
     * returns. On the test's own threads: on two cores the common pool has one thread, which it would occupy.
     */
    private CompletableFuture<HttpResponse<String>> writeInFlightAtTheMonolith(String body, int millis) {
        MONOLITH.stubFor(any(urlEqualTo("/api/admin/products/8"))
                .willReturn(aResponse().withStatus(200).withBody(body).withFixedDelay(millis)));
        CompletableFuture<HttpResponse<String>> inFlight =
                CompletableFuture.supplyAsync(() -> patch("/api/admin/products/8"), OWN_THREADS);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !MONOLITH.findAll(patchRequestedFor(urlEqualTo("/api/admin/products/8")))
                        .isEmpty());
        return inFlight;
    }

    /** Holds catalog-write and sends a write that waits in the hold. */
    private CompletableFuture<HttpResponse<String>> holdWithAWriteWaiting() {
        assertThat(admin(
                                "POST",
                                "/admin/routes/catalog-write/hold",
                                ADMIN_TOKEN,
                                "{\"reason\":\"write cutover\",\"limitMillis\":10000}")
                        .statusCode())
                .isEqualTo(200);
        CompletableFuture<HttpResponse<String>> write =
                CompletableFuture.supplyAsync(() -> patch("/api/admin/products/7"));
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        admin("GET", "/admin/holds", READ_TOKEN, null).body().contains("\"waiting\":1"));
        return write;
    }

    /** No hold, no cutover record, no override left for the next test. */
    private void undoTheCutover() {
        admin("DELETE", "/admin/routes/catalog-write/hold?reason=done", ADMIN_TOKEN, null);
        admin("DELETE", "/admin/cutovers/catalog?reason=done", ADMIN_TOKEN, null);
        admin("DELETE", "/admin/routes/catalog-write/override?reason=done", ADMIN_TOKEN, null);
    }

    HttpResponse<String> patch(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"price\": 12.5}"))
                .build());
    }
}
