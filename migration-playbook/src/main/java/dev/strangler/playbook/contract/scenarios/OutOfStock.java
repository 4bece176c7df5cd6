package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import dev.strangler.playbook.contract.api.ProductDetail;
import dev.strangler.playbook.contract.api.Session;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.steps.Accounts;
import dev.strangler.playbook.contract.steps.Catalog;
import dev.strangler.playbook.contract.steps.Orders;

/** Ordering one more than is available: 409 out_of_stock, and nothing is taken from stock. */
final class OutOfStock implements Scenario {

    /** The largest quantity one order line may ask for (API.md: quantity 1..100). */
    private static final long MAX_LINE_QUANTITY = 100;

    @Override
    public String name() {
        return "out-of-stock";
    }

    @Override
    public String description() {
        return "POST /api/orders with quantity = availableQuantity + 1: 409 out_of_stock, stock unchanged";
    }

    @Override
    public void run(ApiClient api) {
        Session session = Accounts.newCustomer(api);
        // availableQuantity + 1 must still be a valid quantity, or the answer would rightly be 400.
        ProductDetail before = Catalog.find(
                api,
                summary -> true,
                detail -> detail.availableQuantity() + 1 <= MAX_LINE_QUANTITY,
                "a product with availableQuantity < " + MAX_LINE_QUANTITY);
        long quantity = before.availableQuantity() + 1;
        Expect.problem(
                Orders.sendCheckout(
                        api,
                        "order " + quantity + " of product " + before.id() + " (one more than available)",
                        session.token(),
                        before.id(),
                        quantity,
                        Orders.CARD_OK),
                409,
                "out_of_stock");

        ProductDetail after =
                Catalog.detail(api, "open product " + before.id() + " after the refused order", before.id());
        Expect.that(
                after.response(),
                after.availableQuantity() == before.availableQuantity(),
                "availableQuantity unchanged at " + before.availableQuantity(),
                after.availableQuantity());
    }
}
