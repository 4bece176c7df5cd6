package dev.strangler.playbook.contract.steps;

import dev.strangler.playbook.contract.api.ProductDetail;
import dev.strangler.playbook.contract.api.ProductPage;
import dev.strangler.playbook.contract.api.ProductSummary;
import dev.strangler.playbook.contract.check.ContractViolation;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.check.Fields;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.http.ApiResponse;
import dev.strangler.playbook.contract.http.Query;
import java.util.function.Predicate;

/** Catalog steps the app takes: list categories, page through products, open a product. */
public final class Catalog {

    /** Pages looked at when hunting for a product to order; keeps scenarios bounded on big catalogs. */
    private static final int SEARCH_PAGES = 3;

    private static final int SEARCH_PAGE_SIZE = 50;
    /** Product details opened at most when hunting for a product to order. */
    private static final int SEARCH_DETAILS = 12;

    private Catalog() {}

    /** {@code GET /api/products} with {@code query}: expects {@code 200} with a page. */
    public static ProductPage page(ApiClient api, String step, Query query) {
        return ProductPage.from(Expect.json(api.get(step, query.on("/api/products")), 200));
    }

    /** {@code GET /api/products/{id}}, without checking the answer. */
    public static ApiResponse sendDetail(ApiClient api, String step, long id) {
        return api.get(step, "/api/products/" + id);
    }

    /** {@code GET /api/products/{id}}: expects {@code 200} with that product's detail. */
    public static ProductDetail detail(ApiClient api, String step, long id) {
        ApiResponse response = sendDetail(api, step, id);
        ProductDetail detail = ProductDetail.from(Expect.json(response, 200));
        Fields.body(response).require(detail.id() == id, "id " + id, detail.id());
        return detail;
    }

    /**
     * Finds an active product whose detail satisfies {@code wanted}, the way a user would: from the
     * listing, then the detail. Looks at a bounded number of pages and details.
     *
     * @param listed which listed summaries are worth opening
     * @param what   the wanted product in words, for the failure message
     */
    public static ProductDetail find(
            ApiClient api, Predicate<ProductSummary> listed, Predicate<ProductDetail> wanted, String what) {
        int opened = 0;
        for (int page = 0; page < SEARCH_PAGES; page++) {
            ProductPage products = page(
                    api,
                    "list products to find " + what,
                    Query.of().with("page", page).with("size", SEARCH_PAGE_SIZE));
            for (ProductSummary summary : products.items()) {
                if (!listed.test(summary)) {
                    continue;
                }
                if (opened++ == SEARCH_DETAILS) {
                    throw noSuchProduct(what, opened - 1);
                }
                ProductDetail detail = detail(api, "open product " + summary.id() + " to find " + what, summary.id());
                if (wanted.test(detail)) {
                    return detail;
                }
            }
            if (page + 1 >= products.totalPages()) {
                break;
            }
        }
        throw noSuchProduct(what, opened);
    }

    /** Finds an in-stock product with at least {@code quantity} units available. */
    public static ProductDetail findInStock(ApiClient api, long quantity) {
        return find(
                api,
                ProductSummary::inStock,
                detail -> detail.availableQuantity() >= quantity,
                "a product with availableQuantity >= " + quantity);
    }

    private static ContractViolation noSuchProduct(String what, int opened) {
        return new ContractViolation(
                "precondition: found no " + what + " in the first " + SEARCH_PAGES + " pages of " + SEARCH_PAGE_SIZE
                        + " products (" + opened + " details opened); the backend's catalog has no suitable product");
    }
}
