package dev.strangler.playbook.contract.api;

import dev.strangler.playbook.contract.check.Fields;
import java.math.BigDecimal;

/** A product in a listing: {@code {id, sku, name, price, currency, categoryId, inStock}}. */
public record ProductSummary(
        long id, String sku, String name, BigDecimal price, String currency, long categoryId, boolean inStock) {

    /** Reads and type-checks a product summary object. */
    public static ProductSummary from(Fields json) {
        return new ProductSummary(
                json.integer("id"),
                json.text("sku"),
                json.text("name"),
                json.money("price"),
                Currencies.code(json, "currency"),
                json.integer("categoryId"),
                json.bool("inStock"));
    }
}
