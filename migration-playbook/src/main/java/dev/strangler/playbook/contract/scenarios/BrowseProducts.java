package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import dev.strangler.playbook.contract.api.ProductPage;
import dev.strangler.playbook.contract.api.ProductSummary;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.http.Query;
import dev.strangler.playbook.contract.steps.Catalog;
import java.util.List;
import java.util.Set;

/** Paging through products: page metadata, size respected, pages ordered by id and disjoint, category filter. */
final class BrowseProducts implements Scenario {

    private static final int SMALL_PAGE = 2;
    private static final int FULL_PAGE = 100;

    @Override
    public String name() {
        return "browse-products";
    }

    @Override
    public String description() {
        return "GET /api/products: page metadata, size respected, page 0 and 1 differ, category filter, size out of range is 400";
    }

    @Override
    public void run(ApiClient api) {
        ProductPage first = Catalog.page(
                api,
                "list products, page 0 of size " + SMALL_PAGE,
                Query.of().with("page", 0).with("size", SMALL_PAGE));
        checkPage(first, 0, SMALL_PAGE);
        Expect.that(first.response(), first.totalItems() > 0, "at least one product", "totalItems 0");

        if (first.totalItems() > SMALL_PAGE) {
            ProductPage second = Catalog.page(
                    api,
                    "list products, page 1 of size " + SMALL_PAGE,
                    Query.of().with("page", 1).with("size", SMALL_PAGE));
            checkPage(second, 1, SMALL_PAGE);
            Expect.that(
                    second.response(),
                    second.totalItems() == first.totalItems(),
                    "the same totalItems as page 0 (" + first.totalItems() + ")",
                    second.totalItems());
            long lastOfFirst = first.ids().get(first.ids().size() - 1);
            Expect.that(
                    second.response(),
                    second.ids().stream().allMatch(id -> id > lastOfFirst),
                    "page 1 to continue after page 0 (ids after " + lastOfFirst + ", ordered by id)",
                    second.ids());
        }

        long categoryId = first.items().get(0).categoryId();
        ProductPage filtered = Catalog.page(
                api,
                "list products of category " + categoryId,
                Query.of().with("category", categoryId).with("page", 0).with("size", FULL_PAGE));
        checkPage(filtered, 0, FULL_PAGE);
        Expect.that(
                filtered.response(),
                !filtered.items().isEmpty(),
                "at least product " + first.items().get(0).id() + " in its own category " + categoryId,
                "no items");
        List<Long> others = filtered.items().stream()
                .filter(item -> item.categoryId() != categoryId)
                .map(ProductSummary::id)
                .toList();
        Expect.that(
                filtered.response(),
                others.isEmpty(),
                "only products of category " + categoryId,
                "products of other categories: " + others);
        Expect.that(
                filtered.response(),
                filtered.totalItems() <= first.totalItems(),
                "no more items than the unfiltered " + first.totalItems(),
                filtered.totalItems());

        Expect.problem(
                api.get(
                        "list products with size " + (FULL_PAGE + 1),
                        Query.of().with("page", 0).with("size", FULL_PAGE + 1).on("/api/products")),
                400,
                Set.of("validation_failed", "malformed_request"));
    }

    private static void checkPage(ProductPage page, long number, long size) {
        Expect.that(page.response(), page.page() == number, "page " + number, page.page());
        Expect.that(page.response(), page.size() == size, "size " + size, page.size());
        Expect.that(
                page.response(),
                page.items().size() <= size,
                "at most " + size + " items",
                page.items().size());
        long expectedPages = (page.totalItems() + size - 1) / size;
        Expect.that(
                page.response(),
                page.totalPages() == expectedPages,
                "totalPages = ceil(totalItems / size) = " + expectedPages,
                page.totalPages());
        long expectedItems = Math.max(0, Math.min(size, page.totalItems() - number * size));
        Expect.that(
                page.response(),
                page.items().size() == expectedItems,
                expectedItems + " items on page " + number + " of " + page.totalItems(),
                page.items().size());
        List<Long> ids = page.ids();
        for (int i = 1; i < ids.size(); i++) {
            Expect.that(page.response(), ids.get(i - 1) < ids.get(i), "items ordered by id", ids);
        }
    }
}
