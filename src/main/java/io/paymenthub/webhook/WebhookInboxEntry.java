package io.paymenthub.webhook;

import java.time.Instant;

/**
 * One acknowledged webhook event on its way from the webhook endpoint to the event handler: in the inbox table,
 * then in a batch on the webhooks queue. {@code receivedAt} is when the hub received it; {@code correlationId} the id of
 * the request that delivered it (io.paymenthub.logging.CorrelationIds), so the handler's log lines for the event carry
 * it too; null for an event that reached the queue before the hub kept it.
 */
public record WebhookInboxEntry(String provider, WebhookEvent event, Instant receivedAt, String correlationId) {

    public WebhookInboxEntry(String provider, WebhookEvent event, Instant receivedAt) {
        this(provider, event, receivedAt, null);
    }

    /** The idempotency key of the event: unique per provider (the webhook_events primary key). */
    public String key() {
        return provider + ":" + event.eventId();
    }
}
