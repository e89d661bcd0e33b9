-- The webhook inbox: events acknowledged to their platform (200) but not yet on the broker. The webhook endpoint
-- writes an event here in the same transaction as its webhook_events row, many requests to a transaction (group
-- commit); the relay (routes/webhooks/relayWebhookEvents.yaml) sends the oldest rows to the webhooks queue in
-- batches and deletes them in the transaction that sent them. The event is kept in the hub's words (the fields
-- of io.paymenthub.webhook.WebhookEvent), not as the platform's body.
CREATE TABLE webhook_inbox (
    provider             VARCHAR(50)  NOT NULL,
    event_id             VARCHAR(255) NOT NULL,
    event_type           VARCHAR(100) NOT NULL,
    provider_payment_id  VARCHAR(255),
    event_amount         BIGINT,
    occurred_at          TIMESTAMP(6),
    effect               VARCHAR(40),
    received_at          TIMESTAMP(6) NOT NULL,
    CONSTRAINT pk_webhook_inbox PRIMARY KEY (provider, event_id)
);
CREATE INDEX idx_webhook_inbox_received_at ON webhook_inbox (received_at);
