package io.paymenthub.payment;

import java.time.Instant;

/**
 * A payment as the hub stores it; {@code id} is the hub's, {@code providerPaymentId} the platform's.
 * {@code platformRequest} is the JSON the hub sends to the platform to create it (never card data);
 * {@code nextAction} the 3-D Secure step it waits for (JSON); {@code paymentMethod} the card as the platform
 * tokenised it (JSON: id, brand, BIN, last 4, expiry; never the number or CVC); {@code needsCardData} whether
 * submitting it needs card data the hub does not keep (then only the client's own request can submit it).
 */
public record Payment(String id, String provider, String providerPaymentId, PaymentStatus status,
                      String userId, String orderId, long amount, String currency, long refundedAmount,
                      String idempotencyKey, String redirectUrl, String failureCode,
                      Instant createdAt, Instant updatedAt,
                      String platformRequest, String clientName, Instant queuedSince, Instant nextAttemptAt,
                      String nextAction, String paymentMethod, boolean needsCardData) {

    /** A payment known only from its platform side (tests, imports): nothing to send. */
    public Payment(String id, String provider, String providerPaymentId, PaymentStatus status,
                   String userId, String orderId, long amount, String currency, long refundedAmount,
                   String idempotencyKey, String redirectUrl, String failureCode, Instant createdAt, Instant updatedAt) {
        this(id, provider, providerPaymentId, status, userId, orderId, amount, currency, refundedAmount, idempotencyKey,
                redirectUrl, failureCode, createdAt, updatedAt, null, null, null, null, null, null, false);
    }

    public Payment withState(PaymentStatus newStatus, long newRefundedAmount, Instant at) {
        return new Payment(id, provider, providerPaymentId, newStatus, userId, orderId, amount, currency, newRefundedAmount,
                idempotencyKey, redirectUrl, failureCode, createdAt, at, platformRequest, clientName, queuedSince,
                nextAttemptAt, nextAction, paymentMethod, needsCardData);
    }
}
