package io.paymenthub.refund;

/** A validated refund request: a payment, an amount in minor units, and its idempotency key. */
public record RefundRequest(String paymentId, long amount, String idempotencyKey) {
}
