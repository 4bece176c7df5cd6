-- Charges that got no answer from the payment provider, twice: they may have gone through. The
-- reconciler asks the provider for the charge by its reference and refunds it, then deletes the row.
CREATE TABLE payment_reconciliations (
    idempotency_key VARCHAR(64) PRIMARY KEY,
    reference       VARCHAR(100) NOT NULL,
    amount_cents    BIGINT       NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    attempts        INTEGER      NOT NULL DEFAULT 0
);
