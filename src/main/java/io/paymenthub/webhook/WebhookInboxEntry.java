package io.paymenthub.webhook;

import java.time.Instant;

/**
 * One acknowledged webhook event on its way from the webhook endpoint to the event handler: in the inbox table,
 * then in a batch on the webhooks queue. {@code receivedAt} is when the hub received it.
 */
public record WebhookInboxEntry(String provider, WebhookEvent event, Instant receivedAt) {

    /** The idempotency key of the event: unique per provider (the webhook_events primary key). */
    public String key() {
        return provider + ":" + event.eventId();
    }
}
