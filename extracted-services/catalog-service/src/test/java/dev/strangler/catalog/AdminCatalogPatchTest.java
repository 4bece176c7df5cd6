package dev.strangler.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.strangler.catalog.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code PATCH /api/admin/products/{id}}: the monolith's validation, error bodies and order of checks;
 * writes only title, description, price and updated_at. WireMock plays the monolith's {@code /api/users/me}.
 */
class AdminCatalogPatchTest extends CatalogServiceTestBase {

    private static final String UNKNOWN_TOKEN_PROBLEM = """
            {"type":"/problems/unauthenticated","title":"Authentication required","status":401,
             "detail":"The session token is unknown, expired or logged out","instance":"/api/users/me","code":"unauthenticated"}""";

    /** Fresh per test: resolved callers are cached for a few seconds across requests. */
    private String admin;

    private String customer;

    @BeforeEach
    void monolithKnowsAnAdminAndACustomer() {
        admin = "admin-" + UUID.randomUUID();
        customer = "customer-" + UUID.randomUUID();
        MONOLITH.stubFor(get(urlEqualTo("/api/users/me"))
                .atPriority(9)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody(UNKNOWN_TOKEN_PROBLEM)));
        meAnswers(admin, 200, """
                {"id":1,"email":"admin@example.com","name":"Admin","role":"ADMIN","createdAt":"2026-01-01T00:00:00Z"}""");
        meAnswers(customer, 200, """
                {"id":2,"email":"demo@example.com","name":"Demo","role":"CUSTOMER","createdAt":"2026-01-01T00:00:00Z"}""");
    }

    private static void meAnswers(String token, int status, String body) {
        MONOLITH.stubFor(get(urlEqualTo("/api/users/me"))
                .atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    @Test
    void adminChangesTitleDescriptionAndPriceAndGetsTheMonolithsDetail() {
        Api.Response r = api.patch(
                "/api/admin/products/11",
                "{\"name\":\"Garden Hose XL\",\"description\":\"Thirty metres\",\"price\":\"14.5\"}",
                admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(json("""
                {"id":11,"sku":"SKU-11","name":"Garden Hose XL","description":"Thirty metres","price":14.50,
                 "currency":"EUR","category":{"id":3,"name":"Garden","slug":"garden"},"inStock":false,"availableQuantity":0}"""));
        assertThat(r.body()).contains("\"price\":14.50");
        assertThat(api.get("/api/products/11").json()).isEqualTo(r.json());
    }

    @Test
    void patchWritesOnlyTheColumnsTheServiceOwns() {
        Map<String, String> before = productRow(10);
        Api.Response r = api.patch("/api/admin/products/10", "{\"price\":149.99}", admin);
        assertThat(r.status()).isEqualTo(200);
        Map<String, String> after = productRow(10);
        assertThat(after.get("price")).isEqualTo("149.99");
        assertThat(after.get("updated_at")).isNotEqualTo(before.get("updated_at"));
        before.keySet().removeAll(List.of("price", "updated_at"));
        assertThat(after).containsAllEntriesOf(before);
    }

    @Test
    void emptyPatchOnlyTouchesUpdatedAt() {
        Api.Response r = api.patch("/api/admin/products/10", "{}", admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("name").asString()).isEqualTo("Pocket Phone");
        assertThat(r.json().get("price").decimalValue()).isEqualByComparingTo("199.00");
    }

    @Test
    void unknownOrInactiveProductIsNotFoundForAnAdmin() {
        Api.Response inactive = api.patch("/api/admin/products/12", "{\"name\":\"Back\"}", admin);
        assertThat(inactive.status()).isEqualTo(404);
        assertThat(inactive.json().get("detail").asString()).isEqualTo("Product 12 does not exist");
        assertThat(productRow(12).get("title")).isEqualTo("Old Phone");
        assertThat(api.patch("/api/admin/products/999", "{}", admin).status()).isEqualTo(404);
    }

    @Test
    void invalidFieldsAreTheMonolithsValidationProblem() {
        Api.Response blank = api.patch("/api/admin/products/10", "{\"name\":\"\"}", admin);
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json()).isEqualTo(json("""
                {"type":"/problems/validation-failed","title":"Validation failed","status":400,
                 "detail":"The request has invalid fields","instance":"/api/admin/products/10","code":"validation_failed",
                 "errors":[{"field":"name","message":"size must be between 1 and 200"}]}"""));
        assertThat(api.patch("/api/admin/products/10", "{\"price\":1.999}", admin)
                        .json()
                        .get("errors")
                        .get(0))
                .isEqualTo(
                        json(
                                "{\"field\":\"price\",\"message\":\"numeric value out of bounds (<7 digits>.<2 digits> expected)\"}"));
        assertThat(api.patch("/api/admin/products/10", "{\"price\":-1}", admin)
                        .json()
                        .get("errors")
                        .get(0))
                .isEqualTo(json("{\"field\":\"price\",\"message\":\"must be greater than or equal to 0.00\"}"));
        assertThat(api.patch("/api/admin/products/10", "{\"description\":\"" + "d".repeat(10_001) + "\"}", admin)
                        .json()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("description");
        assertThat(productRow(10).get("title")).isEqualTo("Pocket Phone");
    }

    @Test
    void unreadableBodiesAreMalformedRequests() {
        Api.Response broken = api.patch("/api/admin/products/10", "{\"name\":", admin);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json()).isEqualTo(json("""
                {"type":"/problems/malformed-request","title":"Bad Request","status":400,"detail":"Failed to read request",
                 "instance":"/api/admin/products/10","code":"malformed_request"}"""));
        assertThat(api.patch("/api/admin/products/10", "{\"price\":\"cheap\"}", admin)
                        .json()
                        .get("code")
                        .asString())
                .isEqualTo("malformed_request");
        assertThat(api.patch("/api/admin/products/abc", "{}", admin)
                        .json()
                        .get("detail")
                        .asString())
                .isEqualTo("'id' has an invalid value");
    }

    /** Spring's own body without a {@code code}, exactly as the monolith's handler leaves it. */
    @Test
    void wrongContentTypeIsUnsupportedMediaTypeAsOnTheMonolith() {
        Api.Response r = api.send("PATCH", "/api/admin/products/10", "{}", admin, "text/plain");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.json()).isEqualTo(json("""
                {"detail":"Content-Type 'text/plain;charset=UTF-8' is not supported.","instance":"/api/admin/products/10",
                 "status":415,"title":"Unsupported Media Type"}"""));
    }

    @Test
    void unknownFieldsAreIgnoredAsTheMonolithsJacksonDefaultsDo() {
        Api.Response r = api.patch("/api/admin/products/10", "{\"name\":\"Renamed\",\"availableQuantity\":0}", admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("availableQuantity").asInt())
                .as("stock is not the service's to change")
                .isEqualTo(5);
    }

    @Test
    void missingTokenIsTheMonolithsUnauthenticatedProblemWithoutAskingIt() {
        Api.Response r = api.patch("/api/admin/products/10", "{\"name\":\"x\"}", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(json("""
                {"type":"/problems/unauthenticated","title":"Authentication required","status":401,
                 "detail":"Send the session token as 'Authorization: Bearer <token>'","instance":"/api/admin/products/10",
                 "code":"unauthenticated"}"""));
        MONOLITH.verify(0, getRequestedFor(urlEqualTo("/api/users/me")));
    }

    @Test
    void tokenTheMonolithRejectsIsUnauthenticatedWithItsWording() {
        Api.Response r = api.patch("/api/admin/products/10", "{\"name\":\"x\"}", "logged-out-token");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(json("""
                {"type":"/problems/unauthenticated","title":"Authentication required","status":401,
                 "detail":"The session token is unknown, expired or logged out","instance":"/api/admin/products/10",
                 "code":"unauthenticated"}"""));
        MONOLITH.verify(getRequestedFor(urlEqualTo("/api/users/me"))
                .withHeader("Authorization", equalTo("Bearer logged-out-token")));
        assertThat(productRow(10).get("title")).isEqualTo("Pocket Phone");
    }

    @Test
    void customerIsForbiddenBeforeTheProductIsLookedUp() {
        Api.Response r = api.patch("/api/admin/products/999", "{\"name\":\"Hacked\"}", customer);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json()).isEqualTo(json("""
                {"type":"/problems/forbidden","title":"Forbidden","status":403,"detail":"This operation needs the ADMIN role",
                 "instance":"/api/admin/products/999","code":"forbidden"}"""));
        assertThat(api.patch("/api/admin/products/10", "{\"name\":\"Hacked\"}", customer)
                        .status())
                .isEqualTo(403);
        assertThat(productRow(10).get("title")).isEqualTo("Pocket Phone");
    }

    @Test
    void resolvedCallerIsReusedForAFewSeconds() {
        api.patch("/api/admin/products/10", "{\"name\":\"One\"}", admin);
        api.patch("/api/admin/products/10", "{\"name\":\"Two\"}", admin);
        MONOLITH.verify(1, getRequestedFor(urlEqualTo("/api/users/me")));
        assertThat(productRow(10).get("title")).isEqualTo("Two");
    }

    @Test
    void monolithThatTimesOutIsServiceUnavailable() {
        String token = "slow-" + UUID.randomUUID();
        MONOLITH.stubFor(get(urlEqualTo("/api/users/me"))
                .atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withFixedDelay(4_000)));
        assertServiceUnavailable(api.patch("/api/admin/products/10", "{\"name\":\"x\"}", token));
    }

    @Test
    void monolithThatDropsTheConnectionIsServiceUnavailable() {
        String token = "reset-" + UUID.randomUUID();
        MONOLITH.stubFor(get(urlEqualTo("/api/users/me"))
                .atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertServiceUnavailable(api.patch("/api/admin/products/10", "{\"name\":\"x\"}", token));
    }

    @Test
    void aSessionCheckThatStallsOnceIsAskedAgainAndTheWriteGoesThrough() {
        String token = "stalls-once-" + UUID.randomUUID();
        MONOLITH.stubFor(get(urlEqualTo("/api/users/me"))
                .atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .inScenario(token)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("answered slowly")
                .willReturn(aResponse().withStatus(200).withFixedDelay(4_000)));
        MONOLITH.stubFor(get(urlEqualTo("/api/users/me"))
                .atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .inScenario(token)
                .whenScenarioStateIs("answered slowly")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"email\":\"admin@example.com\",\"role\":\"ADMIN\"}")));
        Api.Response r = api.patch("/api/admin/products/10", "{\"name\":\"Asked twice\"}", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(productRow(10).get("title")).isEqualTo("Asked twice");
        MONOLITH.verify(
                2,
                getRequestedFor(urlEqualTo("/api/users/me")).withHeader("Authorization", equalTo("Bearer " + token)));
    }

    @Test
    void concurrentRequestsWithOneTokenAskTheMonolithOnce() throws Exception {
        String token = "burst-" + UUID.randomUUID();
        MONOLITH.stubFor(get(urlEqualTo("/api/users/me"))
                .atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withFixedDelay(500)
                        .withBody("{\"id\":1,\"email\":\"admin@example.com\",\"role\":\"ADMIN\"}")));
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(threads.submit(() -> api.patch("/api/admin/products/10", "{\"name\":\"Burst\"}", token)));
            }
            for (Future<Api.Response> a : answers) {
                assertThat(a.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }
        MONOLITH.verify(
                1,
                getRequestedFor(urlEqualTo("/api/users/me")).withHeader("Authorization", equalTo("Bearer " + token)));
    }

    @Test
    void aTokenTheMonolithDoesNotKnowIsRememberedBrieflySoABurstAsksItOnce() {
        String token = "unknown-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            Api.Response r = api.patch("/api/admin/products/10", "{\"name\":\"x\"}", token);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("detail").asString())
                    .isEqualTo("The session token is unknown, expired or logged out");
        }
        MONOLITH.verify(
                1,
                getRequestedFor(urlEqualTo("/api/users/me")).withHeader("Authorization", equalTo("Bearer " + token)));
    }

    @Test
    void anErrorAnswerIsNotAskedAgain() {
        String token = "errs-" + UUID.randomUUID();
        meAnswers(token, 500, "{}");
        assertThat(api.patch("/api/admin/products/10", "{\"name\":\"x\"}", token)
                        .status())
                .isEqualTo(502);
        MONOLITH.verify(
                1,
                getRequestedFor(urlEqualTo("/api/users/me")).withHeader("Authorization", equalTo("Bearer " + token)));
    }

    @Test
    void monolithErrorIsBadGatewayAndNotCached() {
        String token = "flaky-" + UUID.randomUUID();
        meAnswers(token, 500, "{}");
        Api.Response r = api.patch("/api/admin/products/10", "{\"name\":\"x\"}", token);
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().get("code").asString()).isEqualTo("auth_upstream_error");
        assertThat(r.json().get("detail").asString()).contains("500");

        meAnswers(token, 200, "{\"id\":1,\"email\":\"admin@example.com\",\"role\":\"ADMIN\"}");
        assertThat(api.patch("/api/admin/products/10", "{\"name\":\"x\"}", token)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void monolithAnsweringWithoutAUserIsBadGateway() {
        String token = "odd-" + UUID.randomUUID();
        meAnswers(token, 200, "{\"status\":\"ok\"}");
        Api.Response r = api.patch("/api/admin/products/10", "{\"name\":\"x\"}", token);
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().get("code").asString()).isEqualTo("auth_upstream_error");
    }

    private static void assertServiceUnavailable(Api.Response r) {
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("auth_unavailable");
        assertThat(productRow(10).get("title")).isEqualTo("Pocket Phone");
    }
}
