package io.paymenthub.webhook;

import java.util.UUID;

import io.paymenthub.config.HubProperties;
import org.springframework.stereotype.Component;

/** The relay's step (relayWebhookEvents.yaml): the next batch of acknowledged events, oldest first. */
@Component("webhookInboxRelay")
public class WebhookInboxRelay {

    private final WebhookInboxTable table;
    private final int batchSize;

    public WebhookInboxRelay(WebhookInboxTable table, HubProperties properties) {
        this.table = table;
        this.batchSize = properties.getWebhooks().getInbox().getRelayBatch();
    }

    /** Must run in the route's transaction: the rows are deleted by its commit, after the broker has the batch. */
    public WebhookEventBatch take() {
        return new WebhookEventBatch(UUID.randomUUID().toString(), table.takeOldest(batchSize));
    }
}
