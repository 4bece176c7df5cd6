package dev.strangler.playbook.contract.api;

import dev.strangler.playbook.contract.check.Fields;
import dev.strangler.playbook.contract.http.ApiResponse;
import java.math.BigDecimal;

/**
 * A product's detail: {@code {id, sku, name, description, price, currency, category, inStock, availableQuantity}}.
 *
 * @param response the response it was read from, for failure messages about it
 */
public record ProductDetail(
        long id,
        String sku,
        String name,
        String description,
        BigDecimal price,
        String currency,
        Category category,
        boolean inStock,
        long availableQuantity,
        ApiResponse response) {

    /** Reads and type-checks a product detail object, including that {@code inStock} agrees with the quantity. */
    public static ProductDetail from(Fields json) {
        ProductDetail detail = new ProductDetail(
                json.integer("id"),
                json.text("sku"),
                json.text("name"),
                json.string("description"),
                json.money("price"),
                Currencies.code(json, "currency"),
                Category.from(json.object("category")),
                json.bool("inStock"),
                json.integer("availableQuantity"),
                json.response());
        json.require(detail.availableQuantity >= 0, "availableQuantity >= 0", detail.availableQuantity);
        json.require(
                detail.inStock == detail.availableQuantity > 0,
                "inStock to be true exactly when availableQuantity > 0",
                "inStock " + detail.inStock + " with availableQuantity " + detail.availableQuantity);
        return detail;
    }
}
