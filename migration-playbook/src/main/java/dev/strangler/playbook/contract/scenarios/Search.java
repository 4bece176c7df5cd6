package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import dev.strangler.playbook.contract.api.ProductPage;
import dev.strangler.playbook.contract.api.ProductSummary;
import dev.strangler.playbook.contract.check.ContractViolation;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.http.Query;
import dev.strangler.playbook.contract.steps.Catalog;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Search: a word from a listed product's name finds it (in any letter case); nonsense finds nothing. */
final class Search implements Scenario {

    private static final int RESULT_PAGE = 100;

    @Override
    public String name() {
        return "search";
    }

    @Override
    public String description() {
        return "GET /api/products?q=: a word of a listed name finds that product, case-insensitive; nonsense finds 0 items";
    }

    @Override
    public void run(ApiClient api) {
        ProductPage listing = Catalog.page(
                api,
                "list products to pick a search word",
                Query.of().with("page", 0).with("size", 20));
        ProductSummary product = null;
        String word = null;
        for (ProductSummary candidate : listing.items()) {
            Optional<String> longest = longestWord(candidate.name());
            if (longest.isPresent()) {
                product = candidate;
                word = longest.get();
                break;
            }
        }
        if (product == null) {
            throw new ContractViolation(
                    "precondition: no listed product name has a word of 3 letters or more to search for");
        }
        expectFound(api, "search for '" + word + "' from the name of product " + product.id(), word, product);
        String shouted = word.toUpperCase(Locale.ROOT);
        expectFound(api, "search for '" + shouted + "' (letter case must not matter)", shouted, product);

        String nonsense = "zqx" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ProductPage none = Catalog.page(
                api,
                "search for nonsense '" + nonsense + "'",
                Query.of().with("q", nonsense).with("page", 0).with("size", 20));
        Expect.that(
                none.response(),
                none.items().isEmpty() && none.totalItems() == 0,
                "no items and totalItems 0",
                none.items().size() + " items, totalItems " + none.totalItems());
    }

    private static void expectFound(ApiClient api, String step, String query, ProductSummary product) {
        ProductPage found = Catalog.page(
                api, step, Query.of().with("q", query).with("page", 0).with("size", RESULT_PAGE));
        Expect.that(
                found.response(),
                found.totalItems() >= 1 && !found.items().isEmpty(),
                "at least one item",
                "totalItems " + found.totalItems());
        if (found.totalItems() <= RESULT_PAGE) {
            Expect.that(
                    found.response(),
                    found.ids().contains(product.id()),
                    "product " + product.id() + " ('" + product.name() + "') among the results",
                    found.ids());
        }
    }

    private static Optional<String> longestWord(String name) {
        return Arrays.stream(name.split("[^\\p{L}\\p{N}]+"))
                .filter(word -> word.length() >= 3)
                .max(Comparator.comparingInt(String::length));
    }
}
