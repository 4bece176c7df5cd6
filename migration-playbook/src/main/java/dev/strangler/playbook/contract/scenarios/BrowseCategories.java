package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import dev.strangler.playbook.contract.api.Category;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.http.ApiResponse;
import java.util.HashSet;
import java.util.List;

/** The app's home screen: the category list, ordered by name, with unique ids and slugs. */
final class BrowseCategories implements Scenario {

    @Override
    public String name() {
        return "browse-categories";
    }

    @Override
    public String description() {
        return "GET /api/categories: 200, a non-empty list of {id, name, slug} ordered by name";
    }

    @Override
    public void run(ApiClient api) {
        ApiResponse response = api.get("list categories", "/api/categories");
        List<Category> categories =
                Expect.jsonArray(response, 200).stream().map(Category::from).toList();
        Expect.that(response, !categories.isEmpty(), "at least one category", "an empty list");
        for (int i = 1; i < categories.size(); i++) {
            String previous = categories.get(i - 1).name();
            String current = categories.get(i).name();
            Expect.that(
                    response,
                    previous.compareToIgnoreCase(current) <= 0,
                    "categories ordered by name",
                    "'" + previous + "' before '" + current + "'");
        }
        Expect.that(
                response,
                new HashSet<>(categories.stream().map(Category::id).toList()).size() == categories.size(),
                "unique category ids",
                categories);
        Expect.that(
                response,
                new HashSet<>(categories.stream().map(Category::slug).toList()).size() == categories.size(),
                "unique category slugs",
                categories);
    }
}
