package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import dev.strangler.playbook.contract.api.ProductPage;
import dev.strangler.playbook.contract.api.ProductSummary;
import dev.strangler.playbook.contract.api.Session;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.http.Query;
import dev.strangler.playbook.contract.steps.Accounts;
import dev.strangler.playbook.contract.steps.Catalog;
import dev.strangler.playbook.contract.steps.Orders;
import java.util.Map;
import java.util.UUID;

/** Orders need a valid token (401 otherwise) and admin endpoints need an admin (403 for a customer). */
final class UnauthenticatedAccess implements Scenario {

    @Override
    public String name() {
        return "unauthenticated-access";
    }

    @Override
    public String description() {
        return "orders without or with an unknown token: 401 unauthenticated; a customer on PATCH /api/admin/products/{id}: 403 forbidden";
    }

    @Override
    public void run(ApiClient api) {
        ProductPage listing =
                Catalog.page(api, "list products", Query.of().with("page", 0).with("size", 1));
        Expect.that(listing.response(), !listing.items().isEmpty(), "at least one product", "no items");
        ProductSummary product = listing.items().get(0);

        Expect.problem(api.get("list orders without a token", "/api/orders"), 401, "unauthenticated");
        Expect.problem(
                Orders.sendCheckout(api, "check out without a token", null, product.id(), 1, Orders.CARD_OK),
                401,
                "unauthenticated");
        String madeUp = UUID.randomUUID().toString();
        Expect.problem(api.get("list orders with a made-up token", "/api/orders", madeUp), 401, "unauthenticated");

        Session customer = Accounts.newCustomer(api);
        // The product's own name: should the backend wrongly accept the call, the catalog stays as it was.
        Expect.problem(
                api.send(
                        "change product " + product.id() + " as a customer",
                        "PATCH",
                        "/api/admin/products/" + product.id(),
                        Map.of("name", product.name()),
                        customer.token()),
                403,
                "forbidden");
    }
}
