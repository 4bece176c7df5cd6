package dev.strangler.playbook.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.compare.ComparedResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What one caller's replay carries from the target's answers into its later requests, and where it does not. */
class CarriedValuesTest {

    private final CarriedValues carried = new CarriedValues();

    @Test
    void aSessionCookieTheTargetSetIsSentInTheCallersLaterCookieHeader() {
        RecordedRequest login = new RecordedRequest("POST", "/login", Map.of(), "user=ada", null);
        carried.learn(
                login,
                answer(302, Map.of("Set-Cookie", List.of("SESSION=«redacted:4»; Path=/; HttpOnly")), ""),
                answer(302, Map.of("Set-Cookie", List.of("SESSION=abc123; Path=/; HttpOnly; SameSite=Lax")), ""));

        RecordedRequest later = carried.request(new RecordedRequest(
                "GET", "/account", Map.of("Cookie", "SESSION=«redacted:4»; theme=dark"), null, null));

        assertThat(later.headers()).containsEntry("Cookie", "SESSION=abc123; theme=dark");
    }

    @Test
    void aCreatedOrdersNewIdGoesWhereTheOrderIsNamedAndNotIntoEqualNumbersElsewhere() {
        RecordedRequest order = new RecordedRequest("POST", "/api/orders", Map.of(), "{\"productId\": 1}", null);
        carried.learn(
                order,
                json("{\"id\": 1, \"items\": [{\"productId\": 1, \"quantity\": 1}]}"),
                json("{\"id\": 2, \"items\": [{\"productId\": 1, \"quantity\": 1}]}"));

        assertThat(carried.request(get("/api/orders/1")).url()).isEqualTo("/api/orders/2");
        assertThat(carried.request(get("/api/orders?orderId=1&page=1")).url())
                .isEqualTo("/api/orders?orderId=2&page=1");
        assertThat(carried.request(get("/api/products/1")).url())
                .as("product 1 is not order 1")
                .isEqualTo("/api/products/1");
        RecordedRequest cancel = carried.request(new RecordedRequest(
                "POST", "/api/refunds", Map.of(), "{\"orderId\": 1, \"productId\": 1, \"quantity\": 1}", null));
        assertThat(cancel.body()).isEqualTo("{\"orderId\":2,\"productId\":1,\"quantity\":1}");
        assertThat(new String(
                        carried.expected(json("{\"id\": 1, \"items\": [{\"productId\": 1, \"quantity\": 1}]}"))
                                .body(),
                        StandardCharsets.UTF_8))
                .as("the recorded answer is compared with the order's new id, the rest as recorded")
                .isEqualTo("{\"id\":2,\"items\":[{\"productId\":1,\"quantity\":1}]}");
    }

    @Test
    void aLongIdIsCarriedWhereverItIsAWholeToken() {
        String was = "5f0c6a2e-1111-4a4a-9b9b-000000000001";
        String now = "9e1d7b3f-2222-4b4b-8c8c-000000000002";
        carried.learn(
                new RecordedRequest("POST", "/carts", Map.of(), "{}", null),
                json("{\"cartId\": \"" + was + "\"}"),
                json("{\"cartId\": \"" + now + "\"}"));

        assertThat(carried.request(get("/checkout/" + was + "/summary")).url())
                .isEqualTo("/checkout/" + now + "/summary");
    }

    @Test
    void aReadsDifferentValuesAreNotCarried() {
        carried.learn(get("/api/orders/1"), json("{\"id\": 1}"), json("{\"id\": 7}"));

        assertThat(carried.request(get("/api/orders/1")).url())
                .as("only writes create ids; a read that answers another id is a difference")
                .isEqualTo("/api/orders/1");
    }

    @Test
    void aRequestNeedingTheTokenOfASkippedLoginOrTheIdOfASkippedWriteIsKnownAsSuch() {
        carried.skipped(
                new RecordedRequest("POST", "/api/auth/login", Map.of(), "{}", null),
                json("{\"token\": \"«redacted:1»\", \"user\": {\"id\": 5}}"));
        carried.skipped(
                new RecordedRequest("POST", "/api/orders", Map.of(), "{}", null),
                json("{\"id\": 17, \"items\": [{\"productId\": 3}]}"));

        assertThat(carried.needsSkipped(
                        new RecordedRequest("GET", "/me", Map.of("Authorization", "Bearer «redacted:1»"), null, null)))
                .isEqualTo("«redacted:1»");
        assertThat(carried.needsSkipped(get("/api/orders/17"))).isEqualTo("17");
        assertThat(carried.needsSkipped(get("/api/products/3")))
                .as("the product an order refers to is not created by it")
                .isNull();
    }

    private static RecordedRequest get(String url) {
        return new RecordedRequest("GET", url, Map.of(), null, null);
    }

    private static ComparedResponse json(String body) {
        return answer(200, Map.of("Content-Type", List.of("application/json")), body);
    }

    private static ComparedResponse answer(int status, Map<String, List<String>> headers, String body) {
        return new ComparedResponse(status, headers, body.getBytes(StandardCharsets.UTF_8), false);
    }
}
