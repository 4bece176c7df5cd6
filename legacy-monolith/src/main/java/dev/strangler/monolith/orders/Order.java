package dev.strangler.monolith.orders;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "orders")
class Order {

    enum Status {
        PLACED,
        CANCELLED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Enumerated(EnumType.STRING)
    private Status status;

    @Column(name = "total_cents")
    private int totalCents;

    @Column(length = 3)
    @org.hibernate.annotations.JdbcTypeCode(SqlTypes.CHAR)
    private String currency;

    @Column(name = "idempotency_key")
    private String idempotencyKey;

    @Column(name = "payment_ref")
    private String paymentRef;

    @Column(name = "refund_ref")
    private String refundRef;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    @OneToMany(mappedBy = "order", cascade = CascadeType.ALL)
    @OrderBy("id")
    private List<OrderItem> items = new ArrayList<>();

    protected Order() {}

    Order(long userId, String currency, String idempotencyKey, String paymentRef, Instant createdAt) {
        this.userId = userId;
        this.status = Status.PLACED;
        this.currency = currency;
        this.idempotencyKey = idempotencyKey;
        this.paymentRef = paymentRef;
        this.createdAt = createdAt;
    }

    void add(long productId, String productName, int quantity, int unitPriceCents) {
        items.add(new OrderItem(this, productId, productName, quantity, unitPriceCents));
        totalCents += quantity * unitPriceCents;
    }

    void cancel(String refundRef, Instant now) {
        this.status = Status.CANCELLED;
        this.refundRef = refundRef;
        this.cancelledAt = now;
    }

    Long getId() {
        return id;
    }

    long getUserId() {
        return userId;
    }

    Status getStatus() {
        return status;
    }

    int getTotalCents() {
        return totalCents;
    }

    String getCurrency() {
        return currency;
    }

    String getPaymentRef() {
        return paymentRef;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getCancelledAt() {
        return cancelledAt;
    }

    List<OrderItem> getItems() {
        return items;
    }
}
