package io.paymenthub.webhook;

import java.util.List;

/**
 * Acknowledged webhook events that travel to the event handler as one message on the webhooks queue: the relay
 * moves the inbox in batches, so that the broker and the handler pay per batch, not per event.
 */
public record WebhookEventBatch(String id, List<WebhookInboxEntry> events) {

    public boolean hasEvents() {
        return !events.isEmpty();
    }

    public int size() {
        return events.size();
    }
}
