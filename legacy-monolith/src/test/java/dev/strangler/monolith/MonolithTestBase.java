package dev.strangler.monolith;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.strangler.infra.postgres.SharedPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The monolith as the app sees it: started on a random port against a database of its own in the
 * test JVM's shared PostgreSQL, with WireMock standing in for the payment and notification providers.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"seed.products=60", "providers.payment.timeout=1500ms", "providers.notification.timeout=1500ms"})
abstract class MonolithTestBase {

    static final WireMockServer PAYMENT = started();
    static final WireMockServer NOTIFICATIONS = started();
    private static final String DATABASE = SharedPostgres.freshDatabase("monolith");

    @LocalServerPort
    int port;

    Api api;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) {
        SharedPostgres.springDatasource(DATABASE).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("providers.payment.base-url", PAYMENT::baseUrl);
        registry.add("providers.notification.base-url", NOTIFICATIONS::baseUrl);
    }

    @BeforeEach
    void providersBehaveNormally() {
        api = new Api(port);
        PAYMENT.resetAll();
        NOTIFICATIONS.resetAll();
        PAYMENT.stubFor(post(urlEqualTo("/v1/charges"))
                .atPriority(5)
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"ch_test\",\"status\":\"succeeded\"}")));
        PAYMENT.stubFor(post(urlEqualTo("/v1/charges"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.source", containing("tok_chargeDeclined")))
                .willReturn(aResponse()
                        .withStatus(402)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"card_declined\",\"message\":\"declined\"}}")));
        PAYMENT.stubFor(post(urlEqualTo("/v1/refunds"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"re_test\",\"status\":\"succeeded\"}")));
        NOTIFICATIONS.stubFor(post(urlEqualTo("/v1/messages"))
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"msg_test\"}")));
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }
}
