package dev.strangler.playbook.contract.steps;

import dev.strangler.playbook.contract.api.Order;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.check.Fields;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.http.ApiResponse;
import java.util.List;
import java.util.Map;

/** Order steps the app takes: check out, list and open orders, cancel. */
public final class Orders {

    /** The payment provider's test card that succeeds. */
    public static final String CARD_OK = "tok_visa";
    /** The payment provider's test card that is declined. */
    public static final String CARD_DECLINED = "tok_chargeDeclined";

    private Orders() {}

    /** The checkout body for one line. */
    public static Map<String, Object> checkout(long productId, long quantity, String paymentToken) {
        return Map.of(
                "items", List.of(Map.of("productId", productId, "quantity", quantity)), "paymentToken", paymentToken);
    }

    /** {@code POST /api/orders}, without checking the answer; {@code token} may be {@code null}. */
    public static ApiResponse sendCheckout(
            ApiClient api, String step, String token, long productId, long quantity, String paymentToken) {
        return api.send(step, "POST", "/api/orders", checkout(productId, quantity, paymentToken), token);
    }

    /** Checks out one line with a card that succeeds; expects {@code 201} with a PLACED order. */
    public static Order place(ApiClient api, String token, long productId, long quantity) {
        ApiResponse response = sendCheckout(api, "check out product " + productId, token, productId, quantity, CARD_OK);
        Order order = Order.from(Expect.json(response, 201));
        Fields.body(response).require(Order.PLACED.equals(order.status()), "status PLACED", order.status());
        return order;
    }

    /** {@code GET /api/orders/{id}}, without checking the answer. */
    public static ApiResponse sendGet(ApiClient api, String step, String token, long id) {
        return api.get(step, "/api/orders/" + id, token);
    }

    /** {@code GET /api/orders/{id}}: expects {@code 200} with that order. */
    public static Order get(ApiClient api, String step, String token, long id) {
        ApiResponse response = sendGet(api, step, token, id);
        Order order = Order.from(Expect.json(response, 200));
        Fields.body(response).require(order.id() == id, "id " + id, order.id());
        return order;
    }

    /** {@code POST /api/orders/{id}/cancel}, without checking the answer. */
    public static ApiResponse sendCancel(ApiClient api, String step, String token, long id) {
        return api.send(step, "POST", "/api/orders/" + id + "/cancel", null, token);
    }
}
