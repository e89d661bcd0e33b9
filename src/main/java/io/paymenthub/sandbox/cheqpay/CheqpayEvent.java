package io.paymenthub.sandbox.cheqpay;

import java.util.Optional;

/** The webhook events the sandbox Cheqpay sends (contract section 5b), by what just happened to an order. */
public enum CheqpayEvent {

    CAPTURE_SUCCESS("payment.capture.success"),
    AUTH_FAILED("payment.auth.failed"),
    REFUND_SUCCESS("payment.refund.success");

    private final String type;

    CheqpayEvent(String type) {
        this.type = type;
    }

    /** The {@code event} field, e.g. {@code payment.capture.success}. */
    public String type() {
        return type;
    }

    /**
     * What a create or 3-D Secure call that left the order in its status announces: COMPLETED is captured at
     * once (no separate capture), FAILED is a refused authorization; a 3-D Secure step announces nothing.
     */
    static Optional<CheqpayEvent> afterPayment(CheqpayOrder order) {
        return switch (order.status()) {
            case COMPLETED -> Optional.of(CAPTURE_SUCCESS);
            case FAILED -> Optional.of(AUTH_FAILED);
            default -> Optional.empty();
        };
    }
}
