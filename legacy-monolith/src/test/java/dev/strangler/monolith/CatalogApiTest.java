package dev.strangler.monolith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CatalogApiTest extends MonolithTestBase {

    @Test
    void seededCatalogListsTheGeneratedCategoriesByName() {
        Api.Response r = api.get("/api/categories", null);
        assertThat(r.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.json().forEach(c -> names.add(c.get("name").asText()));
        assertThat(names).hasSize(8).isSorted().contains("Phones", "Books");
        assertThat(r.json().get(0).get("slug").asText()).isEqualTo(names.get(0).toLowerCase());
    }

    @Test
    void productListIsPagedInIdOrderAndPagesDoNotOverlap() {
        JsonNode first = api.get("/api/products?page=0&size=25", null).json();
        JsonNode second = api.get("/api/products?page=1&size=25", null).json();
        assertThat(first.get("totalItems").asLong()).isEqualTo(60);
        assertThat(first.get("totalPages").asInt()).isEqualTo(3);
        assertThat(first.get("items")).hasSize(25);
        long lastOfFirst = first.get("items").get(24).get("id").asLong();
        long firstOfSecond = second.get("items").get(0).get("id").asLong();
        assertThat(firstOfSecond).isGreaterThan(lastOfFirst);
        JsonNode item = first.get("items").get(0);
        assertThat(item.get("price").isNumber()).isTrue();
        assertThat(item.get("currency").asText()).isEqualTo("EUR");
        assertThat(item.get("sku").asText()).startsWith("SKU-");
    }

    @Test
    void filterByCategoryReturnsOnlyThatCategory() {
        long categoryId =
                api.get("/api/categories", null).json().get(0).get("id").asLong();
        JsonNode page =
                api.get("/api/products?size=100&category=" + categoryId, null).json();
        assertThat(page.get("items").size()).isPositive();
        page.get("items").forEach(p -> assertThat(p.get("categoryId").asLong()).isEqualTo(categoryId));
    }

    @Test
    void searchMatchesNameCaseInsensitivelyAndNonsenseFindsNothing() {
        String name = api.get("/api/products?size=1", null)
                .json()
                .get("items")
                .get(0)
                .get("name")
                .asText();
        String word = name.split(" ")[1].toUpperCase();
        JsonNode hits = api.get("/api/products?size=100&q=" + word, null).json();
        assertThat(hits.get("totalItems").asLong()).isPositive();
        JsonNode none = api.get("/api/products?q=zzqx-nothing", null).json();
        assertThat(none.get("totalItems").asLong()).isZero();
        assertThat(none.get("items")).isEmpty();
    }

    @Test
    void productDetailShowsCategoryAndStock() {
        long id = api.get("/api/products?size=1", null)
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asLong();
        Api.Response r = api.get("/api/products/" + id, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("category").get("name").isString()).isTrue();
        assertThat(r.json().get("availableQuantity").isInt()).isTrue();
        assertThat(r.json().get("description").asText()).isNotBlank();
        assertThat(r.json().has("warehouseBin"))
                .as("internal columns stay internal")
                .isFalse();
    }

    @Test
    void unknownProductIsA404ProblemDetail() {
        Api.Response r = api.get("/api/products/987654321", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asText()).isEqualTo("not_found");
        assertThat(r.json().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void badPagingParametersAreA400NotACrash() {
        assertThat(api.get("/api/products?size=0", null).json().get("code").asText())
                .isEqualTo("validation_failed");
        assertThat(api.get("/api/products?size=1000", null).status()).isEqualTo(400);
        Api.Response notANumber = api.get("/api/products/abc", null);
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.json().get("code").asText()).isEqualTo("malformed_request");
    }
}
