-- What an event asks of its payment in the hub's vocabulary (io.paymenthub.webhook.EventEffect, e.g.
-- STATUS:SUCCEEDED), written by the provider's connector on arrival; NULL for events stored before
-- (all from the billing platform, translated by its connector when read).
ALTER TABLE payment_events ADD COLUMN effect VARCHAR(40);
-- The step a 3-D Secure payment waits for ({"type","url","jwt"}), shown as nextAction while REQUIRES_ACTION.
-- TEXT: a platform's JWT has no documented bound, and MariaDB's 64 KB row limit leaves no room for a long VARCHAR.
ALTER TABLE payments ADD COLUMN next_action TEXT;
-- The card as the provider tokenised it ({"type","id","brand","bin","last4","expiryMonth","expiryYear"}):
-- BIN and last 4 at most, never the number or the CVC (PCI DSS 3.4.1).
ALTER TABLE payments ADD COLUMN payment_method VARCHAR(500);
-- Whether submitting the payment needs data the hub never keeps (a card number or CVC): such a payment is
-- never queued or submitted in the background; only the client's own request can carry it again.
ALTER TABLE payments ADD COLUMN needs_card_data BOOLEAN DEFAULT FALSE NOT NULL;
