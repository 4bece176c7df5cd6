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

/** Cancelling an order: CANCELLED with cancelledAt, stock restored; a second cancel is refused. */
final class Cancel implements Scenario {

    @Override
    public String name() {
        return "cancel";
    }

    @Override
    public String description() {
        return "POST /api/orders/{id}/cancel: 200 CANCELLED with cancelledAt, stock restored; again: 409 order_not_cancellable";
    }

    @Override
    public void run(ApiClient api) {
        Session session = Accounts.newCustomer(api);
        ProductDetail before = Catalog.findInStock(api, 1);
        Order placed = Orders.place(api, session.token(), before.id(), 1);

        ApiResponse response = Orders.sendCancel(api, "cancel order " + placed.id(), session.token(), placed.id());
        Order cancelled = Order.from(Expect.json(response, 200));
        Expect.that(response, cancelled.id() == placed.id(), "id " + placed.id(), cancelled.id());
        Expect.that(response, Order.CANCELLED.equals(cancelled.status()), "status CANCELLED", cancelled.status());
        Expect.that(
                response,
                cancelled.cancelledAt() != null && !cancelled.cancelledAt().isBefore(placed.createdAt()),
                "cancelledAt not before createdAt " + placed.createdAt(),
                cancelled.cancelledAt());

        Order fetched = Orders.get(api, "open cancelled order " + placed.id(), session.token(), placed.id());
        Expect.that(fetched.response(), Order.CANCELLED.equals(fetched.status()), "status CANCELLED", fetched.status());
        Expect.that(
                fetched.response(),
                fetched.cancelledAt().equals(cancelled.cancelledAt()),
                "cancelledAt " + cancelled.cancelledAt() + " as returned by the cancel",
                fetched.cancelledAt());

        ProductDetail after = Catalog.detail(api, "open product " + before.id() + " after cancelling", before.id());
        Expect.that(
                after.response(),
                after.availableQuantity() == before.availableQuantity(),
                "availableQuantity " + before.availableQuantity() + " (restored by the cancel)",
                after.availableQuantity());

        Expect.problem(
                Orders.sendCancel(api, "cancel order " + placed.id() + " again", session.token(), placed.id()),
                409,
                "order_not_cancellable");
    }
}
