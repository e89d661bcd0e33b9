package io.paymenthub.payment;

import java.time.Instant;

/** A payment as the hub stores it; {@code id} is the hub's, {@code providerPaymentId} the platform's. */
public record Payment(String id, String provider, String providerPaymentId, PaymentStatus status,
                      String userId, String orderId, long amount, String currency, long refundedAmount,
                      String idempotencyKey, String redirectUrl, String failureCode,
                      Instant createdAt, Instant updatedAt) {
}
