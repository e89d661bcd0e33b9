package io.paymenthub.webhook;

import java.time.Instant;

/**
 * A platform webhook as the hub acts on it (contract section 2): the provider's event id and event name (kept
 * for the history), the provider's payment id, what the event asks of the payment ({@link EventEffect}, the
 * provider's words translated) and its amount in minor units where it has one (refunds).
 */
public record WebhookEvent(String eventId, String eventType, Instant createdAt,
                           String providerPaymentId, Long amount, EventEffect effect) {
}
