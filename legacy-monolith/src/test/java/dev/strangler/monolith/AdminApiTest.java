package dev.strangler.monolith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AdminApiTest extends MonolithTestBase {

    private long anyProductId() {
        return api.get("/api/products?size=1", null)
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asLong();
    }

    @Test
    void adminChangesCatalogFieldsAndStockThroughSeparateEndpoints() {
        String admin = api.login("admin@example.com", "admin-password");
        long id = anyProductId();

        Api.Response patched =
                api.patch("/api/admin/products/" + id, Map.of("name", "Renamed", "price", "12.90"), admin);
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("name").asText()).isEqualTo("Renamed");
        assertThat(patched.json().get("price").decimalValue()).isEqualByComparingTo("12.90");

        Api.Response stocked = api.put("/api/admin/products/" + id + "/stock", Map.of("quantity", 7), admin);
        assertThat(stocked.json().get("availableQuantity").asInt()).isEqualTo(7);
        assertThat(stocked.json().get("name").asText())
                .as("stock change leaves catalog fields")
                .isEqualTo("Renamed");

        Api.Response seen = api.get("/api/products/" + id, null);
        assertThat(seen.json().get("price").decimalValue()).isEqualByComparingTo("12.90");
        assertThat(seen.json().get("availableQuantity").asInt()).isEqualTo(7);
    }

    @Test
    void customerCannotUseAdminEndpoints() {
        String email = "c-" + UUID.randomUUID() + "@example.com";
        api.post("/api/users/register", Map.of("email", email, "password", "s3cret-pass", "name", "C"), null);
        String customer = api.login(email, "s3cret-pass");
        Api.Response r = api.patch("/api/admin/products/" + anyProductId(), Map.of("name", "Hacked"), customer);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(api.put("/api/admin/products/" + anyProductId() + "/stock", Map.of("quantity", 1), null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void negativeStockAndPricesWithMoreThanTwoDecimalsAreRejected() {
        String admin = api.login("admin@example.com", "admin-password");
        long id = anyProductId();
        assertThat(api.put("/api/admin/products/" + id + "/stock", Map.of("quantity", -1), admin)
                        .status())
                .isEqualTo(400);
        assertThat(api.patch("/api/admin/products/" + id, Map.of("price", "1.999"), admin)
                        .status())
                .isEqualTo(400);
    }
}
