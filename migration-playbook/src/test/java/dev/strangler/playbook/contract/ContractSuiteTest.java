package dev.strangler.playbook.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.strangler.playbook.contract.Backend.json;
import static dev.strangler.playbook.contract.Backend.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.steps.Catalog;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The suite against backends that break the contract on purpose: it must say which scenario, which step and why. */
class ContractSuiteTest {

    private static final String USER = """
            {"id": 41, "email": "{{jsonPath request.body '$.email'}}", "name": "{{jsonPath request.body '$.name'}}",
             "role": "CUSTOMER", "createdAt": "2026-11-28T17:35:20.123Z"}""";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private Backend backend;

    @BeforeEach
    void start() {
        server.start();
        backend = new Backend(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void passesProductDetailWhenTheBackendKeepsTheContract() {
        backend.catalogWithDetailPrice("12.90");

        SuiteReport report = suite().run(Set.of("browse-categories", "product-detail"));

        assertThat(report.results())
                .extracting(ScenarioResult::name)
                .containsExactly("browse-categories", "product-detail");
        assertThat(report.passed()).as(report.toString()).isTrue();
    }

    @Test
    void failsProductDetailNamingTheFieldWhenPriceIsAString() {
        backend.catalogWithDetailPrice("\"12.90\"");

        ScenarioResult result =
                suite().run(Set.of("product-detail")).result("product-detail").orElseThrow();

        assertThat(result.passed()).isFalse();
        assertThat(result.failures())
                .singleElement()
                .asString()
                .contains("step 'open product 7' (GET /api/products/7)")
                .contains("$.price to be money as a JSON number")
                .contains("got \"12.90\"")
                .contains("HTTP 200");
    }

    @Test
    void failsProductDetailWhenTheDetailPriceDiffersFromTheListing() {
        backend.catalogWithDetailPrice("13.90");

        ScenarioResult result =
                suite().run(Set.of("product-detail")).result("product-detail").orElseThrow();

        assertThat(result.failures()).singleElement().asString().contains("price 12.90 as listed, got 13.90");
    }

    @Test
    void failsRegisterLoginProfileWithTheStatusAndBodyWhenLoginAnswers500() {
        stubRegistration();
        backend.stub(post(urlPathEqualTo("/api/auth/login"))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "text/plain")
                        .withBody("boom: database gone")));

        ScenarioResult result = suite().run(Set.of("register-login-profile"))
                .result("register-login-profile")
                .orElseThrow();

        assertThat(result.passed()).isFalse();
        assertThat(result.failures())
                .singleElement()
                .asString()
                .contains("step 'log in' (POST /api/auth/login)")
                .contains("expected status 200, got 500")
                .contains("boom: database gone");
    }

    @Test
    void failsRegisterLoginProfileWhenTheProfileShowsAnotherCreatedAtThanTheRegistration() {
        stubRegistration();
        backend.stub(post(urlPathEqualTo("/api/auth/login"))
                .willReturn(json(200, """
                {"token": "t-1", "tokenType": "Bearer", "expiresAt": "2026-12-28T17:35:20Z",
                 "user": %s}""".formatted(USER)).withTransformers("response-template")));
        backend.stub(get(urlPathEqualTo("/api/users/me")).willReturn(json(200, """
                {"id": 41, "email": "someone@example.com", "name": "Someone", "role": "CUSTOMER",
                 "createdAt": "2026-11-28T17:35:20.123456Z"}""")));

        ScenarioResult result = suite().run(Set.of("register-login-profile"))
                .result("register-login-profile")
                .orElseThrow();

        assertThat(result.failures())
                .singleElement()
                .asString()
                .contains("step 'read my profile' (GET /api/users/me)")
                .contains(
                        "expected createdAt 2026-11-28T17:35:20.123Z as returned by the registration, got 2026-11-28T17:35:20.123456Z");
    }

    @Test
    void failsUnauthenticatedAccessWhenOrdersAreServedWithoutAToken() {
        backend.catalogWithDetailPrice("12.90");
        backend.stub(get(urlPathEqualTo("/api/orders")).willReturn(json(200, "[]")));

        ScenarioResult result = suite().run(Set.of("unauthenticated-access"))
                .result("unauthenticated-access")
                .orElseThrow();

        assertThat(result.passed()).isFalse();
        assertThat(result.failures())
                .singleElement()
                .asString()
                .contains("step 'list orders without a token' (GET /api/orders)")
                .contains("expected status 401 problem unauthenticated, got status 200");
    }

    @Test
    void failsAnErrorThatIsNotAProblemDetail() {
        backend.catalogWithDetailPrice("12.90");
        backend.stub(get(urlPathEqualTo("/api/orders")).willReturn(json(401, "{\"error\": \"unauthorized\"}")));

        ScenarioResult result = suite().run(Set.of("unauthenticated-access"))
                .result("unauthenticated-access")
                .orElseThrow();

        assertThat(result.failures())
                .singleElement()
                .asString()
                .contains("expected Content-Type application/problem+json, got 'application/json'");
    }

    @Test
    void stopsLookingForAProductAfterABoundedNumberOfRequests() {
        String page = """
                {"items": [%s], "page": 0, "size": 50, "totalItems": 5000, "totalPages": 100}""".formatted(String.join(",", Collections.nCopies(50, """
                        {"id": 7, "sku": "BK-7", "name": "Strangler Patterns", "price": 12.90, "currency": "EUR",
                         "categoryId": 1, "inStock": true}""")));
        backend.stub(get(urlPathEqualTo("/api/products")).willReturn(json(200, page)));
        backend.stub(get(urlPathEqualTo("/api/products/7"))
                .willReturn(json(
                        200,
                        Backend.DETAIL_7
                                .formatted("12.90")
                                .replace("\"availableQuantity\": 5", "\"availableQuantity\": 1"))));

        ScenarioResult result = new ContractSuite(
                        baseUrl(),
                        HttpClient.newBuilder()
                                .version(HttpClient.Version.HTTP_1_1)
                                .build(),
                        Duration.ofSeconds(5),
                        List.of(new FindProductScenario()))
                .run()
                .results()
                .get(0);

        assertThat(result.failures()).singleElement().asString().startsWith("precondition: found no a product");
        assertThat(server.getAllServeEvents()).hasSizeLessThan(ContractSuite.REQUEST_BUDGET);
    }

    @Test
    void runsEveryScenarioAndReportsEachEvenWhenMostFail() {
        backend.catalogWithDetailPrice("12.90");

        SuiteReport report = suite().run();

        assertThat(report.results())
                .extracting(ScenarioResult::name)
                .containsExactlyElementsOf(ContractSuite.scenarioNames());
        assertThat(report.result("browse-categories").orElseThrow().passed()).isTrue();
        assertThat(report.result("checkout").orElseThrow().failures())
                .singleElement()
                .asString()
                .contains("step 'register a new customer' (POST /api/users/register)");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void failsEveryScenarioWithAConnectionMessageWhenTheBackendIsDown() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + port);

        SuiteReport report = new ContractSuite(
                        nowhere,
                        HttpClient.newBuilder()
                                .version(HttpClient.Version.HTTP_1_1)
                                .build(),
                        Duration.ofSeconds(2))
                .run();

        assertThat(report.results()).hasSize(ContractSuite.scenarioNames().size());
        assertThat(report.results()).allSatisfy(result -> {
            assertThat(result.passed()).isFalse();
            assertThat(result.failures()).singleElement().asString().contains("cannot connect to " + nowhere);
        });
        assertThat(report.failedCount()).isEqualTo(report.results().size());
    }

    @Test
    void refusesAnUnknownScenarioName() {
        assertThatThrownBy(() -> suite().run(Set.of("browse-everything")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scenario browse-everything")
                .hasMessageContaining("browse-categories");
    }

    /** Registration that answers 201 with the user once, then 409 email_taken. */
    private void stubRegistration() {
        backend.stub(post(urlPathEqualTo("/api/users/register"))
                .inScenario("registration")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willSetStateTo("registered")
                .willReturn(json(201, USER).withTransformers("response-template")));
        backend.stub(post(urlPathEqualTo("/api/users/register"))
                .inScenario("registration")
                .whenScenarioStateIs("registered")
                .willReturn(problem(409, "email_taken")));
    }

    private ContractSuite suite() {
        return new ContractSuite(
                baseUrl(),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                Duration.ofSeconds(5));
    }

    private URI baseUrl() {
        return URI.create(server.baseUrl());
    }

    /** Looks for a product with 2 in stock, as checkout does, in a catalog where every product has only 1. */
    private static final class FindProductScenario implements Scenario {
        @Override
        public String name() {
            return "find-product";
        }

        @Override
        public String description() {
            return "test only";
        }

        @Override
        public void run(ApiClient api) {
            Catalog.findInStock(api, 2);
        }
    }
}
