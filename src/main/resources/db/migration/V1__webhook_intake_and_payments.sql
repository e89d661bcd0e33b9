-- Portable SQL: H2 (PostgreSQL mode), PostgreSQL and MariaDB/MySQL all run this file as it is.

-- The seed's webhook_events table: which platform events were durably handed off to the broker.
CREATE TABLE webhook_events (
    provider      VARCHAR(50)  NOT NULL,
    event_id      VARCHAR(255) NOT NULL,
    event_type    VARCHAR(100) NOT NULL,
    payment_id    VARCHAR(255),
    processed_at  TIMESTAMP(6) NOT NULL,
    CONSTRAINT pk_webhook_events PRIMARY KEY (provider, event_id)
);
CREATE INDEX idx_webhook_events_payment_id ON webhook_events (payment_id);

CREATE TABLE payments (
    id                   VARCHAR(40)   NOT NULL,
    provider             VARCHAR(50)   NOT NULL,
    provider_payment_id  VARCHAR(255),
    status               VARCHAR(30)   NOT NULL,
    user_id              VARCHAR(255)  NOT NULL,
    order_id             VARCHAR(255)  NOT NULL,
    amount               BIGINT        NOT NULL,
    currency             CHAR(3)       NOT NULL,
    refunded_amount      BIGINT        DEFAULT 0 NOT NULL,
    idempotency_key      VARCHAR(255),
    redirect_url         VARCHAR(2048),
    failure_code         VARCHAR(100),
    created_at           TIMESTAMP(6)  NOT NULL,
    updated_at           TIMESTAMP(6)  NOT NULL,
    CONSTRAINT pk_payments PRIMARY KEY (id),
    CONSTRAINT uq_payments_provider_payment UNIQUE (provider, provider_payment_id),
    CONSTRAINT uq_payments_idempotency_key UNIQUE (idempotency_key)
);
CREATE INDEX idx_payments_user_id ON payments (user_id);

-- Every distinct platform event the handler took, once: the payment's history, and the events kept
-- for a payment the hub does not know yet (payment_id still empty) until it appears.
CREATE TABLE payment_events (
    provider             VARCHAR(50)  NOT NULL,
    event_id             VARCHAR(255) NOT NULL,
    event_type           VARCHAR(100) NOT NULL,
    provider_payment_id  VARCHAR(255),
    event_amount         BIGINT,
    occurred_at          TIMESTAMP(6),
    received_at          TIMESTAMP(6) NOT NULL,
    payment_id           VARCHAR(40),
    resulting_status     VARCHAR(30),
    ignored              BOOLEAN      DEFAULT FALSE NOT NULL,
    history_position     INTEGER,
    applied_at           TIMESTAMP(6),
    CONSTRAINT pk_payment_events PRIMARY KEY (provider, event_id)
);
CREATE INDEX idx_payment_events_provider_payment ON payment_events (provider, provider_payment_id);
CREATE INDEX idx_payment_events_payment ON payment_events (payment_id, history_position);

-- Messages written in the same transaction as the state change they announce, published to the
-- broker by a relay; a row is deleted in the transaction that publishes it.
CREATE TABLE outbox_messages (
    id           VARCHAR(40)   NOT NULL,
    destination  VARCHAR(255)  NOT NULL,
    body         VARCHAR(4000) NOT NULL,
    created_at   TIMESTAMP(6)  NOT NULL,
    CONSTRAINT pk_outbox_messages PRIMARY KEY (id)
);
CREATE INDEX idx_outbox_messages_created_at ON outbox_messages (created_at);
