-- Outbound payments: what is sent to the platform (kept for background retries; never card data), who asked,
-- and the retry state of a payment QUEUED because the platform was unavailable.
ALTER TABLE payments ADD COLUMN platform_request VARCHAR(8000);
ALTER TABLE payments ADD COLUMN client_name VARCHAR(100);
ALTER TABLE payments ADD COLUMN queued_since TIMESTAMP(6);
ALTER TABLE payments ADD COLUMN next_attempt_at TIMESTAMP(6);
ALTER TABLE payments ADD COLUMN last_error VARCHAR(500);
CREATE INDEX idx_payments_status_next_attempt ON payments (status, next_attempt_at);

-- Refunds asked for through the hub; the platform's refund.* webhooks move the payment's status.
CREATE TABLE refunds (
    id                  VARCHAR(40)  NOT NULL,
    payment_id          VARCHAR(40)  NOT NULL,
    amount              BIGINT       NOT NULL,
    status              VARCHAR(30)  NOT NULL,
    idempotency_key     VARCHAR(255) NOT NULL,
    provider_refund_id  VARCHAR(255),
    failure_code        VARCHAR(100),
    created_at          TIMESTAMP(6) NOT NULL,
    updated_at          TIMESTAMP(6) NOT NULL,
    CONSTRAINT pk_refunds PRIMARY KEY (id),
    CONSTRAINT uq_refunds_idempotency_key UNIQUE (idempotency_key)
);
CREATE INDEX idx_refunds_payment_id ON refunds (payment_id);
