package dev.strangler.monolith.orders;

import static dev.strangler.monolith.catalog.CatalogViews.money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order as the app reads it. */
record OrderView(
        long id,
        Order.Status status,
        List<Line> items,
        BigDecimal total,
        String currency,
        Instant createdAt,
        Instant cancelledAt) {

    record Line(long productId, String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {}

    static OrderView of(Order o) {
        List<Line> lines = o.getItems().stream()
                .map(i -> new Line(
                        i.getProductId(),
                        i.getProductName(),
                        i.getQuantity(),
                        money(i.getUnitPriceCents()),
                        money((long) i.getUnitPriceCents() * i.getQuantity())))
                .toList();
        return new OrderView(
                o.getId(),
                o.getStatus(),
                lines,
                money(o.getTotalCents()),
                o.getCurrency(),
                o.getCreatedAt(),
                o.getCancelledAt());
    }
}
