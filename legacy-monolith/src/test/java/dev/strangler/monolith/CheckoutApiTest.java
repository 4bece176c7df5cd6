package dev.strangler.monolith;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.strangler.monolith.orders.PaymentReconciler;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class CheckoutApiTest extends MonolithTestBase {

    @Autowired
    PaymentReconciler reconciler;

    private String token;
    private String email;

    @BeforeEach
    void customer() {
        email = "buyer-" + UUID.randomUUID() + "@example.com";
        api.post("/api/users/register", Map.of("email", email, "password", "s3cret-pass", "name", "Buyer"), null);
        token = api.login(email, "s3cret-pass");
    }

    private JsonNode productWithStock(int atLeast) {
        JsonNode items = api.get("/api/products?size=100", null).json().get("items");
        for (JsonNode item : items) {
            JsonNode detail =
                    api.get("/api/products/" + item.get("id").asLong(), null).json();
            if (detail.get("availableQuantity").asInt() >= atLeast) {
                return detail;
            }
        }
        throw new IllegalStateException("no product with " + atLeast + " in stock");
    }

    private int stockOf(long id) {
        return api.get("/api/products/" + id, null)
                .json()
                .get("availableQuantity")
                .asInt();
    }

    private Api.Response order(long productId, int quantity, String paymentToken) {
        return api.post(
                "/api/orders",
                Map.of(
                        "items",
                        List.of(Map.of("productId", productId, "quantity", quantity)),
                        "paymentToken",
                        paymentToken),
                token);
    }

    @Test
    void checkoutChargesTheCardTakesStockAndSendsAConfirmation() {
        JsonNode product = productWithStock(3);
        long id = product.get("id").asLong();
        int before = product.get("availableQuantity").asInt();

        Api.Response placed = order(id, 2, "tok_visa");

        assertThat(placed.status()).isEqualTo(201);
        BigDecimal unit = product.get("price").decimalValue();
        assertThat(placed.json().get("total").decimalValue())
                .isEqualByComparingTo(unit.multiply(BigDecimal.valueOf(2)));
        assertThat(placed.json().get("status").asText()).isEqualTo("PLACED");
        assertThat(placed.json().get("items").get(0).get("lineTotal").decimalValue())
                .isEqualByComparingTo(unit.multiply(BigDecimal.valueOf(2)));
        assertThat(stockOf(id)).isEqualTo(before - 2);
        long cents = unit.movePointRight(2).longValueExact() * 2;
        PAYMENT.verify(postRequestedFor(urlEqualTo("/v1/charges"))
                .withHeader("Idempotency-Key", WireMock.matching("[0-9a-f-]{36}"))
                .withRequestBody(matchingJsonPath("$.amountCents", equalTo(Long.toString(cents))))
                .withRequestBody(matchingJsonPath("$.source", equalTo("tok_visa"))));
        NOTIFICATIONS.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.to", equalTo(email)))
                .withRequestBody(matchingJsonPath("$.template", equalTo("order-confirmation"))));

        long orderId = placed.json().get("id").asLong();
        JsonNode history = api.get("/api/orders", token).json();
        assertThat(history.get(0).get("id").asLong()).isEqualTo(orderId);
        assertThat(api.get("/api/orders/" + orderId, token).json().get("total").decimalValue())
                .isEqualByComparingTo(placed.json().get("total").decimalValue());
    }

    @Test
    void orderingMoreThanIsInStockIsA409AndChargesNothing() {
        JsonNode product = productWithStock(1);
        long id = product.get("id").asLong();
        String admin = api.login("admin@example.com", "admin-password");
        api.put("/api/admin/products/" + id + "/stock", Map.of("quantity", 3), admin);

        Api.Response r = order(id, 4, "tok_visa_out_of_stock");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("code").asText()).isEqualTo("out_of_stock");
        PAYMENT.verify(
                0,
                postRequestedFor(urlEqualTo("/v1/charges"))
                        .withRequestBody(matchingJsonPath("$.source", equalTo("tok_visa_out_of_stock"))));
        assertThat(stockOf(id)).isEqualTo(3);
    }

    @Test
    void declinedCardIsA402AndLeavesStockAndHistoryUntouched() {
        JsonNode product = productWithStock(1);
        long id = product.get("id").asLong();
        Api.Response r = order(id, 1, "tok_chargeDeclined");
        assertThat(r.status()).isEqualTo(402);
        assertThat(r.json().get("code").asText()).isEqualTo("payment_declined");
        assertThat(stockOf(id)).isEqualTo(product.get("availableQuantity").asInt());
        assertThat(api.get("/api/orders", token).json()).isEmpty();
    }

    @Test
    void aChargeWithoutAnswerTwiceIsA504WithNoOrderAndIsRefundedOnceTheProviderTellsItWentThrough() {
        PAYMENT.stubFor(post(urlEqualTo("/v1/charges"))
                .atPriority(0)
                .willReturn(aResponse()
                        .withStatus(201)
                        .withFixedDelay(2_000)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"ch_slow\",\"status\":\"succeeded\"}")));
        JsonNode product = productWithStock(1);
        Api.Response r = order(product.get("id").asLong(), 1, "tok_visa");
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.json().get("code").asText()).isEqualTo("provider_timeout");
        assertThat(api.get("/api/orders", token).json()).isEmpty();
        assertThat(stockOf(product.get("id").asLong()))
                .isEqualTo(product.get("availableQuantity").asInt());
        List<LoggedRequest> charges = PAYMENT.findAll(postRequestedFor(urlEqualTo("/v1/charges")));
        assertThat(charges).as("asked again with the same key").hasSize(2);
        String key = charges.get(0).getHeader("Idempotency-Key");
        assertThat(charges.get(1).getHeader("Idempotency-Key")).isEqualTo(key);

        // The provider did charge: the reconciler finds the charge by its reference and refunds it.
        PAYMENT.stubFor(get(urlPathEqualTo("/v1/charges"))
                .withQueryParam("reference", equalTo("order:" + key))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":[{\"id\":\"ch_slow\",\"status\":\"succeeded\"}]}")));
        assertThat(reconciler.reconcile(Duration.ZERO)).isGreaterThanOrEqualTo(1);

        assertThat(PAYMENT.findAll(postRequestedFor(urlEqualTo("/v1/refunds"))
                        .withRequestBody(matchingJsonPath("$.chargeId", equalTo("ch_slow")))))
                .hasSize(1);
        assertThat(reconciler.reconcile(Duration.ZERO)).as("settled once").isZero();
    }

    @Test
    void aChargeThatGotNoAnswerButWentThroughCompletesTheOrderOnceAskedAgain() {
        PAYMENT.stubFor(post(urlEqualTo("/v1/charges"))
                .atPriority(0)
                .inScenario("lost answer")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(201)
                        .withFixedDelay(2_000)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"ch_once\",\"status\":\"succeeded\"}"))
                .willSetStateTo("charged"));
        PAYMENT.stubFor(post(urlEqualTo("/v1/charges"))
                .atPriority(0)
                .inScenario("lost answer")
                .whenScenarioStateIs("charged")
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"ch_once\",\"status\":\"succeeded\"}")));
        JsonNode product = productWithStock(1);

        Api.Response r = order(product.get("id").asLong(), 1, "tok_visa");

        assertThat(r.status()).isEqualTo(201);
        assertThat(api.get("/api/orders", token).json()).hasSize(1);
        assertThat(stockOf(product.get("id").asLong()))
                .isEqualTo(product.get("availableQuantity").asInt() - 1);
        List<LoggedRequest> charges = PAYMENT.findAll(postRequestedFor(urlEqualTo("/v1/charges")));
        assertThat(charges).hasSize(2);
        assertThat(charges.get(1).getHeader("Idempotency-Key"))
                .isEqualTo(charges.get(0).getHeader("Idempotency-Key"));
        assertThat(PAYMENT.findAll(postRequestedFor(urlEqualTo("/v1/refunds"))))
                .as("nothing to refund")
                .isEmpty();
    }

    @Test
    void paymentProviderErrorIsA502() {
        PAYMENT.stubFor(post(urlEqualTo("/v1/charges"))
                .atPriority(0)
                .willReturn(aResponse().withStatus(500)));
        Api.Response r = order(productWithStock(1).get("id").asLong(), 1, "tok_visa");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().get("code").asText()).isEqualTo("provider_error");
    }

    @Test
    void aFailingNotificationProviderDoesNotFailTheOrder() {
        NOTIFICATIONS.stubFor(post(urlEqualTo("/v1/messages"))
                .atPriority(0)
                .willReturn(aResponse().withStatus(503)));
        assertThat(order(productWithStock(1).get("id").asLong(), 1, "tok_visa").status())
                .isEqualTo(201);
    }

    @Test
    void cancellingRefundsRestoresStockAndCannotBeRepeated() {
        JsonNode product = productWithStock(2);
        long id = product.get("id").asLong();
        int before = product.get("availableQuantity").asInt();
        long orderId = order(id, 2, "tok_visa").json().get("id").asLong();

        Api.Response cancelled = api.post("/api/orders/" + orderId + "/cancel", null, token);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("cancelledAt").isString()).isTrue();
        assertThat(stockOf(id)).isEqualTo(before);
        PAYMENT.verify(postRequestedFor(urlEqualTo("/v1/refunds"))
                .withRequestBody(matchingJsonPath("$.chargeId", equalTo("ch_test"))));

        Api.Response again = api.post("/api/orders/" + orderId + "/cancel", null, token);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("order_not_cancellable");
    }

    @Test
    void anotherUsersOrderIsInvisible() {
        long orderId = order(productWithStock(1).get("id").asLong(), 1, "tok_visa")
                .json()
                .get("id")
                .asLong();
        String other = "other-" + UUID.randomUUID() + "@example.com";
        api.post("/api/users/register", Map.of("email", other, "password", "s3cret-pass", "name", "O"), null);
        String otherToken = api.login(other, "s3cret-pass");
        assertThat(api.get("/api/orders/" + orderId, otherToken).status()).isEqualTo(404);
        assertThat(api.post("/api/orders/" + orderId + "/cancel", null, otherToken)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void emptyBasketOrZeroQuantityIsA400() {
        Api.Response empty = api.post("/api/orders", Map.of("items", List.of(), "paymentToken", "tok_visa"), token);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("code").asText()).isEqualTo("validation_failed");
        Api.Response zero = order(productWithStock(1).get("id").asLong(), 0, "tok_visa");
        assertThat(zero.status()).isEqualTo(400);
    }
}
