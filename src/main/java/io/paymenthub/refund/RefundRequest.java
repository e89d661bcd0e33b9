package io.paymenthub.refund;

/**
 * A refund request as it came in, not yet checked against the payment: a payment, an amount in minor
 * units ({@code null}: what is left), the caller's idempotency key ({@code null}: derived), and the
 * refund's id when the message says the hub recorded it already (a refund accepted by the API).
 */
public record RefundRequest(String paymentId, Long amount, String idempotencyKey, String refundId) {
}
