package dev.strangler.monolith.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "order_items")
class OrderItem {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "order_id")
    private Order order;

    @Column(name = "product_id")
    private long productId;

    @Column(name = "product_name")
    private String productName;

    private int quantity;

    @Column(name = "unit_price_cents")
    private int unitPriceCents;

    protected OrderItem() {}

    OrderItem(Order order, long productId, String productName, int quantity, int unitPriceCents) {
        this.order = order;
        this.productId = productId;
        this.productName = productName;
        this.quantity = quantity;
        this.unitPriceCents = unitPriceCents;
    }

    long getProductId() {
        return productId;
    }

    String getProductName() {
        return productName;
    }

    int getQuantity() {
        return quantity;
    }

    int getUnitPriceCents() {
        return unitPriceCents;
    }
}
