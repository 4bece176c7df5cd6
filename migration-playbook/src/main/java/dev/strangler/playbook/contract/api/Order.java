package dev.strangler.playbook.contract.api;

import dev.strangler.playbook.contract.check.Fields;
import dev.strangler.playbook.contract.http.ApiResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An order: {@code {id, status, items, total, currency, createdAt, cancelledAt}}; {@code cancelledAt}
 * is present and {@code null} unless the order is cancelled.
 *
 * @param response the response it was read from, for failure messages about it
 */
public record Order(
        long id,
        String status,
        List<OrderLine> items,
        BigDecimal total,
        String currency,
        Instant createdAt,
        Instant cancelledAt,
        ApiResponse response) {

    /** Status of an order that went through. */
    public static final String PLACED = "PLACED";
    /** Status of a cancelled order. */
    public static final String CANCELLED = "CANCELLED";

    private static final Set<String> STATUSES = Set.of(PLACED, CANCELLED);

    /** Reads and type-checks an order, including {@code total} = sum of line totals and the status/cancelledAt pairing. */
    public static Order from(Fields json) {
        Order order = new Order(
                json.integer("id"),
                json.string("status"),
                json.objects("items").stream().map(OrderLine::from).toList(),
                json.money("total"),
                Currencies.code(json, "currency"),
                json.timestamp("createdAt"),
                json.nullableTimestamp("cancelledAt"),
                json.response());
        json.require(STATUSES.contains(order.status), "status PLACED or CANCELLED", "'" + order.status + "'");
        json.require(!order.items.isEmpty(), "at least one item", "none");
        BigDecimal sum = order.items.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        json.require(order.total.compareTo(sum) == 0, "total = sum of line totals = " + sum, order.total);
        json.require(
                (order.cancelledAt != null) == CANCELLED.equals(order.status),
                "cancelledAt set exactly when status is CANCELLED",
                "status " + order.status + " with cancelledAt " + order.cancelledAt);
        return order;
    }
}
