package io.paymenthub.sandbox.cheqpay;

/** Why Cheqpay refuses a card payment with 422: its error code (the name), its {@code declineReason} and message. */
public enum CheqpayDecline {

    DECLINED("declined", "The card was declined"),
    INSUFFICIENT_FUNDS("insufficient_funds", "The card has insufficient funds"),
    EXPIRED_CARD("expired_card", "The card has expired"),
    INVALID_CARD("invalid_card", "The card is invalid"),
    /** Not the issuer's decline but the payer's failed 3-D Secure challenge: no decline reason. */
    AUTHENTICATION_FAILED(null, "Payer authentication failed");

    private final String reason;
    private final String message;

    CheqpayDecline(String reason, String message) {
        this.reason = reason;
        this.message = message;
    }

    public String reason() { return reason; }
    public String message() { return message; }
}
