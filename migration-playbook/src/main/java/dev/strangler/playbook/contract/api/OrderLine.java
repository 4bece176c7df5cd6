package dev.strangler.playbook.contract.api;

import dev.strangler.playbook.contract.check.Fields;
import java.math.BigDecimal;

/** One line of an order: {@code {productId, name, quantity, unitPrice, lineTotal}}. */
public record OrderLine(long productId, String name, long quantity, BigDecimal unitPrice, BigDecimal lineTotal) {

    /** Reads and type-checks an order line, including {@code lineTotal == unitPrice * quantity}. */
    public static OrderLine from(Fields json) {
        OrderLine line = new OrderLine(
                json.integer("productId"),
                json.text("name"),
                json.integer("quantity"),
                json.money("unitPrice"),
                json.money("lineTotal"));
        BigDecimal expected = line.unitPrice.multiply(BigDecimal.valueOf(line.quantity));
        json.require(
                line.lineTotal.compareTo(expected) == 0,
                "lineTotal = unitPrice * quantity = " + expected,
                line.lineTotal);
        return line;
    }
}
