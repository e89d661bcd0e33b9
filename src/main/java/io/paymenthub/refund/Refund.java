package io.paymenthub.refund;

/** A refund as the hub stores it; {@code status} is PENDING until the platform has answered. */
public record Refund(String id, String paymentId, long amount, String status, String idempotencyKey,
                     String providerRefundId) {
}
