package io.paymenthub.webhook;

import java.time.Instant;

/**
 * The fields of a platform webhook that the hub acts on (contract section 2). {@code amount} is the
 * event's amount in minor units (the refunded amount for refund events), when the platform sent it.
 */
public record WebhookEvent(String eventId, String eventType, Instant createdAt,
                           String providerPaymentId, Long amount) {
}
