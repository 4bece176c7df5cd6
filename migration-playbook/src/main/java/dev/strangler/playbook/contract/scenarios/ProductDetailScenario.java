package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import dev.strangler.playbook.contract.api.ProductDetail;
import dev.strangler.playbook.contract.api.ProductPage;
import dev.strangler.playbook.contract.api.ProductSummary;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.http.ApiResponse;
import dev.strangler.playbook.contract.http.Query;
import dev.strangler.playbook.contract.steps.Catalog;
import java.util.concurrent.ThreadLocalRandom;

/** Opening a product: the detail agrees with its listing (same price, same category); an unknown id is 404. */
final class ProductDetailScenario implements Scenario {

    @Override
    public String name() {
        return "product-detail";
    }

    @Override
    public String description() {
        return "GET /api/products/{id}: fields and types, agrees with the listed summary; unknown id is 404 not_found";
    }

    @Override
    public void run(ApiClient api) {
        ProductPage listing =
                Catalog.page(api, "list products", Query.of().with("page", 0).with("size", 5));
        Expect.that(listing.response(), !listing.items().isEmpty(), "at least one product", "no items");
        for (ProductSummary summary :
                listing.items().subList(0, Math.min(2, listing.items().size()))) {
            ProductDetail detail = Catalog.detail(api, "open product " + summary.id(), summary.id());
            ApiResponse response = detail.response();
            Expect.that(
                    response,
                    detail.sku().equals(summary.sku()),
                    "sku '" + summary.sku() + "' as listed",
                    detail.sku());
            Expect.that(
                    response,
                    detail.name().equals(summary.name()),
                    "name '" + summary.name() + "' as listed",
                    detail.name());
            Expect.that(
                    response,
                    detail.price().compareTo(summary.price()) == 0,
                    "price " + summary.price() + " as listed",
                    detail.price());
            Expect.that(
                    response,
                    detail.currency().equals(summary.currency()),
                    "currency " + summary.currency() + " as listed",
                    detail.currency());
            Expect.that(
                    response,
                    detail.category().id() == summary.categoryId(),
                    "category.id " + summary.categoryId() + " as listed",
                    detail.category().id());
            Expect.that(
                    response,
                    detail.inStock() == summary.inStock(),
                    "inStock " + summary.inStock() + " as listed",
                    detail.inStock());
        }
        // Far beyond any id a sample catalog reaches, yet a valid 32-bit id, so the answer must be 404 and not 400.
        long unknownId = ThreadLocalRandom.current().nextLong(1_500_000_000L, 2_000_000_000L);
        Expect.problem(Catalog.sendDetail(api, "open unknown product " + unknownId, unknownId), 404, "not_found");
    }
}
