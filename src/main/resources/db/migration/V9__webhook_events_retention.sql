-- Portable SQL: H2 (PostgreSQL mode), PostgreSQL and MariaDB/MySQL all run this file as it is.

-- The purge of old webhook_events rows (io.paymenthub.webhook.WebhookEventRetention) asks, per provider, for the keys
-- recorded before that provider's horizon, oldest first: this index answers it without reading the table, however
-- large it has grown. (V8 is the correlation ids.)
CREATE INDEX idx_webhook_events_provider_processed_at ON webhook_events (provider, processed_at);
