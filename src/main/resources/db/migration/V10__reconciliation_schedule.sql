-- Portable SQL: H2 (PostgreSQL mode), PostgreSQL and MariaDB/MySQL all run this file as it is.

-- Reconciliation (io.paymenthub.reconciliation): a payment left too long in CREATED, PROVIDER_PENDING or
-- REQUIRES_ACTION is asked at its platform on a back-off schedule kept here, so that it survives restarts and every
-- hub instance shares it: the status the schedule belongs to (a new status starts a new schedule), how many times
-- the platform was asked in it, and when it is asked next. (V9 is the webhook_events retention index.)
ALTER TABLE payments ADD COLUMN reconcile_status VARCHAR(30);
ALTER TABLE payments ADD COLUMN reconcile_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE payments ADD COLUMN reconcile_next_at TIMESTAMP(6);

-- Who wrote a history entry: NULL for a platform's webhook, 'reconciliation' for a status the hub learnt by asking.
ALTER TABLE payment_events ADD COLUMN source VARCHAR(20);
