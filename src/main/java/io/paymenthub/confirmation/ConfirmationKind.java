package io.paymenthub.confirmation;

import java.util.Optional;

/** The payment events a customer gets a mail for, by the status the event announces (payments.events {@code status}). */
public enum ConfirmationKind {
    /** The payment went through: the order confirmation. */
    SUCCEEDED("payment-succeeded"),
    /** All of the payment was paid back. */
    REFUNDED("payment-refunded"),
    /** Part of it was paid back. */
    PARTIALLY_REFUNDED("payment-refunded");

    private final String template;

    ConfirmationKind(String template) {
        this.template = template;
    }

    /** The name of its templates ({@code <name>.subject|txt|html.mustache}). */
    public String template() {
        return template;
    }

    /** Empty for every other status (FAILED, PROVIDER_PENDING...): no mail. */
    public static Optional<ConfirmationKind> of(String status) {
        for (ConfirmationKind kind : values()) {
            if (kind.name().equals(status)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
