package io.paymenthub.refund;

/** A refund as the hub stores it; {@code status} is PENDING until the platform has answered. */
public record Refund(String id, String paymentId, long amount, String status, String idempotencyKey,
                     String providerRefundId) {

    /** Not sent to the platform yet (or sent without the answer recorded): a redelivered copy sends it again. */
    public boolean needsSubmission() {
        return "PENDING".equals(status);
    }
}
