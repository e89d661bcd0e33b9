package io.paymenthub.refund;

/**
 * A validated refund request: a payment, an amount in minor units, its idempotency key, and the
 * refund's id when the hub has already given it one (a refund accepted by the API).
 */
public record RefundRequest(String paymentId, long amount, String idempotencyKey, String refundId) {
}
