package io.paymenthub.confirmation;

import io.paymenthub.common.EmailAddressMasker;

/**
 * One confirmation mail, ready for the SMTP endpoint: the customer's address, the subject, and the text both as plain
 * text and as HTML (a multipart/alternative mail). {@link #toString()} never shows the address in full or the text.
 */
public record ConfirmationMail(String eventId, String paymentId, ConfirmationKind kind, String to, String subject,
                               String text, String html) {

    /** For log lines: {@code m***@shop.example}. */
    public String maskedTo() {
        return EmailAddressMasker.mask(to);
    }

    @Override
    public String toString() {
        return "ConfirmationMail[eventId=" + eventId + ", paymentId=" + paymentId + ", kind=" + kind + ", to=" + maskedTo() + "]";
    }
}
