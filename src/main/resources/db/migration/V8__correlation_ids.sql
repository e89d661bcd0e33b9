-- The correlation id of the flow that wrote each row (io.paymenthub.logging.CorrelationIds): a webhook event keeps the
-- id of the request that delivered it through the inbox and the queue, and a payments.events message the id of the flow
-- that changed the payment, so that every log line of one flow, and the messages it sends, carry one id.
-- (V7 is the alert monitor's lock table.)
ALTER TABLE webhook_inbox ADD correlation_id VARCHAR(64);
ALTER TABLE outbox_messages ADD correlation_id VARCHAR(64);
