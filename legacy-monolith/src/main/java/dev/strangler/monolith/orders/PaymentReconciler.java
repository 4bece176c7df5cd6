package dev.strangler.monolith.orders;

import dev.strangler.monolith.providers.PaymentProvider;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settles the charges of checkouts that failed because the payment provider did not answer, twice:
 * the customer may have been charged with no order. Each is recorded ({@link #remember}) with its
 * reference; a minute later, and every minute until the provider answers, the provider is asked for
 * the charges made for that reference, and each one that went through is refunded (the order does not
 * exist; the app was told 504 and the customer can order again). No charge found: nothing to undo.
 */
@Component
public class PaymentReconciler {

    private static final Logger log = LoggerFactory.getLogger(PaymentReconciler.class);
    static final Duration SETTLE_AFTER = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final PaymentProvider payments;
    private final Clock clock;

    PaymentReconciler(JdbcTemplate jdbc, PaymentProvider payments, Clock clock) {
        this.jdbc = jdbc;
        this.payments = payments;
        this.clock = clock;
    }

    /** A charge that got no answer; in its own transaction, so that it outlives the checkout's rollback. */
    void remember(String idempotencyKey, String reference, long amountCents) {
        jdbc.update(
                "INSERT INTO payment_reconciliations (idempotency_key, reference, amount_cents, created_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING",
                idempotencyKey,
                reference,
                amountCents,
                Timestamp.from(clock.instant()));
    }

    @Scheduled(
            fixedDelayString = "${payments.reconcile-every:1m}",
            initialDelayString = "${payments.reconcile-every:1m}")
    void reconcileScheduled() {
        reconcile(SETTLE_AFTER);
    }

    /** Settles every recorded charge older than {@code olderThan}; returns how many were settled. */
    public int reconcile(Duration olderThan) {
        record Pending(String key, String reference, long amountCents) {}
        List<Pending> pending = jdbc.query(
                "SELECT idempotency_key, reference, amount_cents FROM payment_reconciliations WHERE created_at < ? "
                        + "ORDER BY created_at",
                (rs, i) -> new Pending(rs.getString(1), rs.getString(2), rs.getLong(3)),
                Timestamp.from(clock.instant().minus(olderThan)));
        int settled = 0;
        for (Pending p : pending) {
            try {
                for (PaymentProvider.Charge charge : payments.chargesFor(p.reference())) {
                    if ("succeeded".equals(charge.status())) {
                        PaymentProvider.Refund refund = payments.refund(charge.id(), p.amountCents());
                        log.warn(
                                "checkout {} got no answer for its charge, which went through as {}: refunded ({})",
                                p.key(),
                                charge.id(),
                                refund.id());
                    }
                }
                jdbc.update("DELETE FROM payment_reconciliations WHERE idempotency_key = ?", p.key());
                settled++;
            } catch (RuntimeException e) {
                jdbc.update(
                        "UPDATE payment_reconciliations SET attempts = attempts + 1 WHERE idempotency_key = ?",
                        p.key());
                log.warn(
                        "checkout {}: its unanswered charge could not be settled yet ({}); trying again later",
                        p.key(),
                        e.getMessage());
            }
        }
        return settled;
    }
}
