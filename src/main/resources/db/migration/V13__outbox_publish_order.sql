-- Portable SQL: H2 (PostgreSQL mode), PostgreSQL and MariaDB/MySQL all run this file as it is.

-- The order in which the outbox relay publishes payments.events (io.paymenthub.outbox.PaymentEventOutbox): a number
-- from one sequence in the database, taken when the row is written. created_at is the writing instance's clock, and two
-- hub instances' clocks differ: a later change of a payment written by an instance whose clock is behind sorted before
-- the earlier one, and was published first. One payment's changes are written one at a time (its row is locked), so
-- the sequence gives them their true order whichever instance wrote them. Rows written before this migration keep
-- their created_at order, before every new one.
CREATE SEQUENCE outbox_message_order;
ALTER TABLE outbox_messages ADD publish_order BIGINT;
UPDATE outbox_messages SET publish_order = 0;
CREATE INDEX idx_outbox_messages_publish_order ON outbox_messages (publish_order, created_at);
