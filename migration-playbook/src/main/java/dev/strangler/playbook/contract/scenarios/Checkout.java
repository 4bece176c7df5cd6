package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import dev.strangler.playbook.contract.api.Order;
import dev.strangler.playbook.contract.api.OrderLine;
import dev.strangler.playbook.contract.api.ProductDetail;
import dev.strangler.playbook.contract.api.Session;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.http.ApiResponse;
import dev.strangler.playbook.contract.steps.Accounts;
import dev.strangler.playbook.contract.steps.Catalog;
import dev.strangler.playbook.contract.steps.Orders;
import java.math.BigDecimal;
import java.util.List;

/** Buying one item: the order is priced from the catalog, shows up in the history, and takes one from stock. */
final class Checkout implements Scenario {

    @Override
    public String name() {
        return "checkout";
    }

    @Override
    public String description() {
        return "POST /api/orders 201 PLACED priced from the catalog; listed in GET /api/orders and /{id}; stock down by 1; hidden from others";
    }

    @Override
    public void run(ApiClient api) {
        Session session = Accounts.newCustomer(api);
        ProductDetail before = Catalog.findInStock(api, 2);

        Order order = Orders.place(api, session.token(), before.id(), 1);
        ApiResponse placed = order.response();
        Expect.that(placed, order.items().size() == 1, "one item", order.items().size());
        OrderLine line = order.items().get(0);
        Expect.that(placed, line.productId() == before.id(), "productId " + before.id(), line.productId());
        Expect.that(placed, line.quantity() == 1, "quantity 1", line.quantity());
        Expect.that(placed, line.name().equals(before.name()), "name '" + before.name() + "'", line.name());
        Expect.that(
                placed,
                line.unitPrice().compareTo(before.price()) == 0,
                "unitPrice " + before.price() + " (the product's price)",
                line.unitPrice());
        BigDecimal expectedTotal = line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()));
        Expect.that(
                placed,
                order.total().compareTo(expectedTotal) == 0,
                "total = unitPrice * quantity = " + expectedTotal,
                order.total());
        Expect.that(
                placed, order.currency().equals(before.currency()), "currency " + before.currency(), order.currency());

        ApiResponse history = api.get("list my orders", "/api/orders", session.token());
        List<Order> orders =
                Expect.jsonArray(history, 200).stream().map(Order::from).toList();
        Expect.that(
                history,
                orders.stream().anyMatch(listed -> listed.id() == order.id()),
                "order " + order.id() + " listed",
                orders.stream().map(Order::id).toList());
        for (int i = 1; i < orders.size(); i++) {
            Expect.that(
                    history,
                    !orders.get(i - 1).createdAt().isBefore(orders.get(i).createdAt()),
                    "newest first",
                    orders.stream().map(Order::createdAt).toList());
        }

        Order fetched = Orders.get(api, "open my order " + order.id(), session.token(), order.id());
        Expect.that(fetched.response(), Order.PLACED.equals(fetched.status()), "status PLACED", fetched.status());
        Expect.that(
                fetched.response(),
                fetched.total().compareTo(order.total()) == 0,
                "total " + order.total(),
                fetched.total());
        // The same order read again must carry the same createdAt as the checkout answer.
        Expect.that(
                fetched.response(),
                fetched.createdAt().equals(order.createdAt()),
                "createdAt " + order.createdAt() + " as returned by the checkout",
                fetched.createdAt());

        ProductDetail after = Catalog.detail(api, "open product " + before.id() + " after checkout", before.id());
        Expect.that(
                after.response(),
                after.availableQuantity() == before.availableQuantity() - 1,
                "availableQuantity " + (before.availableQuantity() - 1) + " (one less than before checkout)",
                after.availableQuantity());

        Session stranger = Accounts.newCustomer(api);
        Expect.problem(
                Orders.sendGet(api, "open order " + order.id() + " as another customer", stranger.token(), order.id()),
                404,
                "not_found");
    }
}
