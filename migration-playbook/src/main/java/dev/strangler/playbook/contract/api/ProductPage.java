package dev.strangler.playbook.contract.api;

import dev.strangler.playbook.contract.check.Fields;
import dev.strangler.playbook.contract.http.ApiResponse;
import java.util.List;

/**
 * A page of product summaries: {@code {items, page, size, totalItems, totalPages}}.
 *
 * @param response the response it was read from, for failure messages about it
 */
public record ProductPage(
        List<ProductSummary> items, long page, long size, long totalItems, long totalPages, ApiResponse response) {

    /** Reads and type-checks a page object. */
    public static ProductPage from(Fields json) {
        List<ProductSummary> items =
                json.objects("items").stream().map(ProductSummary::from).toList();
        return new ProductPage(
                items,
                json.integer("page"),
                json.integer("size"),
                json.integer("totalItems"),
                json.integer("totalPages"),
                json.response());
    }

    /** The ids of the items, in the order listed. */
    public List<Long> ids() {
        return items.stream().map(ProductSummary::id).toList();
    }
}
