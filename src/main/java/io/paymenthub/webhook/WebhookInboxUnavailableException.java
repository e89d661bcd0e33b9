package io.paymenthub.webhook;

/**
 * The webhook inbox cannot take an event now: its queue is full, or the hub is stopping. Answered 503 by the webhook
 * error policy; nothing was kept, so the platform's retry is handled as new. Not a database failure: the database may
 * be well, and DependencyStates must not report it down for this.
 */
public class WebhookInboxUnavailableException extends RuntimeException {

    public WebhookInboxUnavailableException(String message) {
        super(message);
    }
}
