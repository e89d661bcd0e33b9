-- The customer e-mail confirmations sent (io.paymenthub.confirmation.ConfirmationLedger), one row per payments.events
-- eventId, shared by every hub instance: SENDING while a delivery talks to the SMTP server (until claimed_until, after
-- which another delivery may take it over), SENT once the server accepted the mail. No address and no text are kept.
CREATE TABLE confirmation_mails (
    event_id       VARCHAR(255) NOT NULL,
    state          VARCHAR(10)  NOT NULL,
    claimed_until  TIMESTAMP(6),
    updated_at     TIMESTAMP(6) NOT NULL,
    CONSTRAINT pk_confirmation_mails PRIMARY KEY (event_id)
);
