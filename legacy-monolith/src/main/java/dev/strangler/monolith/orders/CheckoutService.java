package dev.strangler.monolith.orders;

import dev.strangler.monolith.catalog.Product;
import dev.strangler.monolith.catalog.ProductRepository;
import dev.strangler.monolith.errors.ApiException;
import dev.strangler.monolith.providers.NotificationProvider;
import dev.strangler.monolith.providers.PaymentProvider;
import dev.strangler.monolith.users.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checkout and cancellation. Stock check, charge, stock decrement and the order row happen in one
 * database transaction; the charge is refunded if that transaction fails after it. A charge without
 * an answer is asked again with the same idempotency key (the order is completed when it went
 * through); without an answer again it is left to the {@link PaymentReconciler}. Notifications go
 * out after commit and never fail the order.
 */
@Service
class CheckoutService {

    record Line(long productId, int quantity) {}

    private record Charged(PaymentProvider.Charge charge, long amountCents) {}

    private static final Logger log = LoggerFactory.getLogger(CheckoutService.class);

    private final ProductRepository products;
    private final OrderRepository orders;
    private final PaymentProvider payments;
    private final NotificationProvider notifications;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PaymentReconciler reconciler;

    CheckoutService(
            ProductRepository products,
            OrderRepository orders,
            PaymentProvider payments,
            NotificationProvider notifications,
            TransactionTemplate tx,
            Clock clock,
            PaymentReconciler reconciler) {
        this.products = products;
        this.orders = orders;
        this.payments = payments;
        this.notifications = notifications;
        this.tx = tx;
        this.clock = clock;
        this.reconciler = reconciler;
    }

    OrderView checkout(Caller caller, List<Line> lines, String paymentToken) {
        Map<Long, Integer> wanted = lines.stream()
                .collect(Collectors.toMap(Line::productId, Line::quantity, Integer::sum, LinkedHashMap::new));
        String idempotencyKey = UUID.randomUUID().toString();
        AtomicReference<Charged> charged = new AtomicReference<>();
        AtomicLong asked = new AtomicLong();
        OrderView placed;
        try {
            placed = tx.execute(status -> {
                Map<Long, Product> locked = products.lockAll(wanted.keySet()).stream()
                        .collect(Collectors.toMap(Product::getId, Function.identity()));
                Instant now = clock.instant();
                String currency = null;
                long total = 0;
                for (var e : wanted.entrySet()) {
                    Product p = locked.get(e.getKey());
                    if (p == null || !p.isActive()) {
                        throw ApiException.notFound("Product " + e.getKey());
                    }
                    if (p.getStock() < e.getValue()) {
                        throw new ApiException(
                                HttpStatus.CONFLICT,
                                "out_of_stock",
                                "Out of stock",
                                "Product " + p.getId() + " has " + p.getStock() + " left, " + e.getValue()
                                        + " requested");
                    }
                    if (currency != null && !currency.equals(p.getCurrency())) {
                        throw new ApiException(
                                HttpStatus.BAD_REQUEST,
                                "validation_failed",
                                "Validation failed",
                                "All items of an order must have the same currency");
                    }
                    currency = p.getCurrency();
                    total += (long) p.getPriceCents() * e.getValue();
                }
                PaymentProvider.Charge charge;
                asked.set(total);
                try {
                    charge = payments.charge(idempotencyKey, total, currency, paymentToken, "order:" + idempotencyKey);
                } catch (PaymentProvider.Unanswered unknown) {
                    // It may have gone through. Asked again with the same key, the provider answers with that charge
                    // (or makes
                    // it now, once): the order is completed instead of leaving a customer charged with no order.
                    log.warn(
                            "checkout {}: no answer to the charge; asking again with the same idempotency key",
                            idempotencyKey);
                    charge = payments.charge(idempotencyKey, total, currency, paymentToken, "order:" + idempotencyKey);
                }
                charged.set(new Charged(charge, total));
                Order order = new Order(caller.userId(), currency, idempotencyKey, charge.id(), now);
                for (var e : wanted.entrySet()) {
                    Product p = locked.get(e.getKey());
                    p.take(e.getValue(), now);
                    order.add(p.getId(), p.getName(), e.getValue(), p.getPriceCents());
                }
                return OrderView.of(orders.saveAndFlush(order));
            });
        } catch (PaymentProvider.Unanswered twice) {
            // No answer twice: the reconciler asks the provider later and refunds the charge if there is one.
            reconciler.remember(idempotencyKey, "order:" + idempotencyKey, asked.get());
            throw twice;
        } catch (RuntimeException e) {
            refundAfterFailedCommit(charged.get(), idempotencyKey, e);
            throw e;
        }
        notifications.send(
                caller.email(),
                "order-confirmation",
                Map.of("orderId", placed.id(), "total", placed.total(), "currency", placed.currency()));
        return placed;
    }

    OrderView cancel(Caller caller, long orderId) {
        OrderView cancelled = tx.execute(status -> {
            Order order = orders.lockByIdAndUserId(orderId, caller.userId())
                    .orElseThrow(() -> ApiException.notFound("Order " + orderId));
            if (order.getStatus() != Order.Status.PLACED) {
                throw new ApiException(
                        HttpStatus.CONFLICT,
                        "order_not_cancellable",
                        "Order not cancellable",
                        "Order " + orderId + " is " + order.getStatus());
            }
            Instant now = clock.instant();
            Map<Long, Product> locked =
                    products
                            .lockAll(order.getItems().stream()
                                    .map(OrderItem::getProductId)
                                    .toList())
                            .stream()
                            .collect(Collectors.toMap(Product::getId, Function.identity()));
            order.getItems().forEach(i -> locked.get(i.getProductId()).putBack(i.getQuantity(), now));
            PaymentProvider.Refund refund = payments.refund(order.getPaymentRef(), order.getTotalCents());
            order.cancel(refund.id(), now);
            return OrderView.of(order);
        });
        notifications.send(caller.email(), "order-cancelled", Map.of("orderId", cancelled.id()));
        return cancelled;
    }

    private void refundAfterFailedCommit(Charged charged, String idempotencyKey, RuntimeException cause) {
        if (charged == null) {
            return;
        }
        String chargeId = charged.charge().id();
        log.warn(
                "checkout {} failed after the charge {} ({}); refunding", idempotencyKey, chargeId, cause.getMessage());
        try {
            payments.refund(chargeId, charged.amountCents());
        } catch (RuntimeException refundFailure) {
            log.error(
                    "refund of charge {} for checkout {} failed: reconcile by hand",
                    chargeId,
                    idempotencyKey,
                    refundFailure);
        }
    }
}
