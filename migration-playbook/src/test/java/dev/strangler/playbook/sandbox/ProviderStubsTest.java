package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The provider stand-ins' stubs, served by an in-process WireMock from the files {@code up} writes. */
class ProviderStubsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private WireMockServer server;

    @TempDir
    Path stateDir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void serve(SandboxPart provider) {
        Path root = ProviderStubs.writeRootDir(provider, stateDir);
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .usingFilesUnderDirectory(root.toString()));
        server.start();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "order-1")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aChargeWithAGoodCardSucceedsWithAFreshChargeId() throws Exception {
        serve(SandboxPart.PAYMENT_PROVIDER);

        HttpResponse<String> first = post(
                "/v1/charges",
                "{\"amountCents\":1290,\"currency\":\"EUR\",\"source\":\"tok_visa\",\"reference\":\"order-1\"}");
        HttpResponse<String> second = post(
                "/v1/charges",
                "{\"amountCents\":990,\"currency\":\"EUR\",\"source\":\"tok_visa\",\"reference\":\"order-2\"}");

        assertThat(first.statusCode()).isEqualTo(201);
        JsonNode charge = json.readTree(first.body());
        assertThat(charge.path("id").asString()).matches("ch_[a-z0-9]{24}");
        assertThat(charge.path("status").asString()).isEqualTo("succeeded");
        assertThat(json.readTree(second.body()).path("id").asString())
                .isNotEqualTo(charge.path("id").asString());
    }

    @Test
    void theDeclinedTestCardIsDeclinedWith402() throws Exception {
        serve(SandboxPart.PAYMENT_PROVIDER);

        HttpResponse<String> response = post(
                "/v1/charges",
                "{\"amountCents\":1290,\"currency\":\"EUR\",\"source\":\"tok_chargeDeclined\",\"reference\":\"order-1\"}");

        assertThat(response.statusCode()).isEqualTo(402);
        JsonNode error = json.readTree(response.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("card_declined");
        assertThat(error.path("message").asString()).isEqualTo("Your card was declined.");
    }

    @Test
    void aRefundSucceeds() throws Exception {
        serve(SandboxPart.PAYMENT_PROVIDER);

        HttpResponse<String> response = post("/v1/refunds", "{\"chargeId\":\"ch_abc\",\"amountCents\":1290}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json.readTree(response.body()).path("id").asString()).matches("re_[a-z0-9]{24}");
        assertThat(json.readTree(response.body()).path("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aMessageIsAcceptedForDelivery() throws Exception {
        serve(SandboxPart.NOTIFICATION_PROVIDER);

        HttpResponse<String> response =
                post("/v1/messages", "{\"to\":\"demo@example.com\",\"template\":\"order-placed\",\"data\":{}}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json.readTree(response.body()).path("id").asString()).matches("msg_[a-z0-9]{24}");
    }
}
