package dev.strangler.catalog;

import static dev.strangler.catalog.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The public catalog reads. Expected bodies are literals derived from the monolith's CatalogViews and
 * ProblemHandler for the same rows: the gateway compares status and JSON by value.
 */
class CatalogApiTest extends CatalogServiceTestBase {

    private static List<Long> ids(Api.Response r) {
        List<Long> ids = new ArrayList<>();
        r.json().get("items").forEach(p -> ids.add(p.get("id").asLong()));
        return ids;
    }

    @Test
    void categoriesAreListedByNameThenIdAsTheMonolithListsThem() {
        Api.Response r = api.get("/api/categories");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(json("""
                [{"id":2,"name":"Books","slug":"books"},{"id":4,"name":"Books","slug":"books-2"},
                 {"id":3,"name":"Garden","slug":"garden"},{"id":1,"name":"Phones","slug":"phones"}]"""));
    }

    @Test
    void productPageIsTheMonolithsJsonForTheSameRows() {
        Api.Response r = api.get("/api/products?page=0&size=2");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json()).isEqualTo(json("""
                {"items":[
                  {"id":10,"sku":"SKU-10","name":"Pocket Phone","price":199.00,"currency":"EUR","categoryId":1,"inStock":true},
                  {"id":11,"sku":"SKU-11","name":"Garden Hose","price":12.90,"currency":"EUR","categoryId":3,"inStock":false}],
                 "page":0,"size":2,"totalItems":4,"totalPages":2}"""));
        assertThat(r.body()).as("prices keep two decimals on the wire").contains("\"price\":199.00", "\"price\":12.90");
    }

    @Test
    void productsArePagedInIdOrderWithoutInactiveOnesAndDefaultToTwentyPerPage() {
        assertThat(ids(api.get("/api/products?page=1&size=2"))).containsExactly(13L, 14L);
        Api.Response all = api.get("/api/products");
        assertThat(ids(all)).containsExactly(10L, 11L, 13L, 14L);
        assertThat(all.json().get("size").asInt()).isEqualTo(20);
        assertThat(all.json().get("totalPages").asInt()).isEqualTo(1);
    }

    @Test
    void pageBeyondTheLastIsEmptyButStillCountsTheMatches() {
        assertThat(api.get("/api/products?page=7&size=2").json()).isEqualTo(json("""
                {"items":[],"page":7,"size":2,"totalItems":4,"totalPages":2}"""));
    }

    @Test
    void categoryFilterKeepsOnlyActiveProductsOfThatCategory() {
        assertThat(ids(api.get("/api/products?category=1"))).containsExactly(10L);
        assertThat(ids(api.get("/api/products?category=3"))).containsExactly(11L, 14L);
        assertThat(api.get("/api/products?category=999")
                        .json()
                        .get("totalItems")
                        .asLong())
                .isZero();
    }

    @Test
    void searchMatchesTitleOrDescriptionCaseInsensitivelyAndTrimmed() {
        assertThat(ids(api.get("/api/products?q=phone")))
                .as("title of 10, description of 13; 12 is inactive")
                .containsExactly(10L, 13L);
        assertThat(ids(api.get("/api/products?q=%20%20PHONE%20"))).containsExactly(10L, 13L);
        assertThat(ids(api.get("/api/products?q=phone&category=2"))).containsExactly(13L);
        assertThat(ids(api.get("/api/products?q=%20")))
                .as("a blank query filters nothing")
                .hasSize(4);
        assertThat(api.get("/api/products?q=zzqx-nothing").json().get("items")).isEmpty();
    }

    @Test
    void searchTakesPercentAndUnderscoreLiterally() {
        assertThat(ids(api.get("/api/products?q=100%25"))).containsExactly(13L);
        assertThat(ids(api.get("/api/products?q=_"))).containsExactly(14L);
    }

    @Test
    void productDetailIsTheMonolithsJsonWithCategoryAndStock() {
        Api.Response r = api.get("/api/products/11");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(json("""
                {"id":11,"sku":"SKU-11","name":"Garden Hose","description":"Twenty metres, green","price":12.90,
                 "currency":"EUR","category":{"id":3,"name":"Garden","slug":"garden"},"inStock":false,"availableQuantity":0}"""));
        assertThat(api.get("/api/products/13").json().get("price").decimalValue())
                .isEqualByComparingTo("0.50");
        assertThat(api.get("/api/products/13").body()).contains("\"price\":0.50");
    }

    @Test
    void stockWrittenByCdcShowsOnTheNextRequest() {
        assertThat(api.get("/api/products/11").json().get("inStock").asBoolean())
                .isFalse();
        cdcWrites("UPDATE products SET available_quantity = 3 WHERE id = 11");
        JsonNode detail = api.get("/api/products/11").json();
        assertThat(detail.get("inStock").asBoolean()).isTrue();
        assertThat(detail.get("availableQuantity").asInt()).isEqualTo(3);
        assertThat(api.get("/api/products?category=3")
                        .json()
                        .get("items")
                        .get(0)
                        .get("inStock")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void productDeactivatedByCdcDisappearsAtOnce() {
        api.get("/api/products/10");
        cdcWrites("UPDATE products SET active = false WHERE id = 10");
        assertThat(api.get("/api/products/10").status()).isEqualTo(404);
        assertThat(ids(api.get("/api/products"))).doesNotContain(10L);
    }

    @Test
    void inactiveAndUnknownProductsAreTheMonolithsNotFoundProblem() {
        Api.Response inactive = api.get("/api/products/12");
        assertThat(inactive.status()).isEqualTo(404);
        assertThat(inactive.contentType()).startsWith("application/problem+json");
        assertThat(inactive.json()).isEqualTo(json("""
                {"type":"/problems/not-found","title":"Not found","status":404,"detail":"Product 12 does not exist",
                 "instance":"/api/products/12","code":"not_found"}"""));
        assertThat(api.get("/api/products/987654321").json().get("detail").asString())
                .isEqualTo("Product 987654321 does not exist");
    }

    @Test
    void outOfRangePagingIsAValidationProblemNamingTheParameter() {
        Api.Response r = api.get("/api/products?size=0");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(json("""
                {"type":"/problems/validation-failed","title":"Validation failed","status":400,
                 "detail":"The request has invalid parameters","instance":"/api/products","code":"validation_failed",
                 "errors":[{"field":"size","message":"must be greater than or equal to 1"}]}"""));
        assertThat(api.get("/api/products?size=101")
                        .json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .isEqualTo("must be less than or equal to 100");
        assertThat(api.get("/api/products?page=-1")
                        .json()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("page");
        assertThat(api.get("/api/products?q=" + "x".repeat(101))
                        .json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .isEqualTo("size must be between 0 and 100");
    }

    @Test
    void nonNumericParametersAreMalformedRequests() {
        Api.Response id = api.get("/api/products/abc");
        assertThat(id.status()).isEqualTo(400);
        assertThat(id.json()).isEqualTo(json("""
                {"type":"/problems/malformed-request","title":"Malformed request","status":400,
                 "detail":"'id' has an invalid value","instance":"/api/products/abc","code":"malformed_request"}"""));
        assertThat(api.get("/api/products?page=x").json().get("detail").asString())
                .isEqualTo("'page' has an invalid value");
        assertThat(api.get("/api/products?category=x").json().get("code").asString())
                .isEqualTo("malformed_request");
    }

    /**
     * Answered as the monolith answers any unknown path: Spring's own problem body, to which the
     * monolith's handler adds no {@code code} (it only decorates bodies it is handed, and Spring hands
     * none for its ErrorResponse exceptions). The gateway routes this path to the monolith anyway.
     */
    @Test
    void stockEndpointIsNotServedHereBecauseTheMonolithOwnsStock() {
        Api.Response r = api.send("PUT", "/api/admin/products/10/stock", "{\"quantity\":1}", "any", "application/json");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json()).isEqualTo(json("""
                {"detail":"No static resource api/admin/products/10/stock.","instance":"/api/admin/products/10/stock",
                 "status":404,"title":"Not Found"}"""));
    }

    @Test
    void healthIsUp() {
        Api.Response r = api.get("/actuator/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("UP");
    }
}
