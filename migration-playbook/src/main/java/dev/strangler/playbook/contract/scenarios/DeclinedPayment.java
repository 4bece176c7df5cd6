package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import dev.strangler.playbook.contract.api.Order;
import dev.strangler.playbook.contract.api.ProductDetail;
import dev.strangler.playbook.contract.api.Session;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.http.ApiResponse;
import dev.strangler.playbook.contract.steps.Accounts;
import dev.strangler.playbook.contract.steps.Catalog;
import dev.strangler.playbook.contract.steps.Orders;
import java.util.List;

/** Paying with a card the provider declines: 402 payment_declined, no order, stock unchanged. */
final class DeclinedPayment implements Scenario {

    @Override
    public String name() {
        return "declined-payment";
    }

    @Override
    public String description() {
        return "POST /api/orders with paymentToken tok_chargeDeclined: 402 payment_declined, no order stored, stock unchanged";
    }

    @Override
    public void run(ApiClient api) {
        Session session = Accounts.newCustomer(api);
        ProductDetail before = Catalog.findInStock(api, 1);
        Expect.problem(
                Orders.sendCheckout(
                        api,
                        "check out product " + before.id() + " with a declined card",
                        session.token(),
                        before.id(),
                        1,
                        Orders.CARD_DECLINED),
                402,
                "payment_declined");

        ProductDetail after =
                Catalog.detail(api, "open product " + before.id() + " after the declined payment", before.id());
        Expect.that(
                after.response(),
                after.availableQuantity() == before.availableQuantity(),
                "availableQuantity unchanged at " + before.availableQuantity(),
                after.availableQuantity());

        ApiResponse history = api.get("list my orders after the declined payment", "/api/orders", session.token());
        List<Order> orders =
                Expect.jsonArray(history, 200).stream().map(Order::from).toList();
        Expect.that(
                history,
                orders.isEmpty(),
                "no order for a new customer whose payment was declined",
                orders.stream().map(Order::id).toList());
    }
}
