package io.paymenthub.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.paymenthub.config.HubProperties;
import io.paymenthub.logging.CorrelationIds;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Component;

/**
 * The JDBC idempotent repository of the webhook endpoint's {@code idempotentConsumer} (receiveWebhook.yaml), shared by
 * every hub instance on the database. Adding a key is the durable hand-off itself: the event's key goes into
 * {@code webhook_events} and the event into {@code webhook_inbox} in one transaction (a group commit with the
 * requests arriving at the same time, {@link WebhookInboxWriter}), with insert-if-absent statements, so two copies of
 * an event racing on two instances cannot both be new, and a copy is answered "duplicate" only once the first is
 * committed. The relay (relayWebhookEvents.yaml) takes the event from the inbox to the broker. Unlike Camel's
 * {@code JdbcMessageIdRepository}, nothing checks first and inserts after, and no crash between marking the key and
 * handing the event off can lose it: they are the same commit.
 *
 * <p>The key is the route's {@code provider:eventId}; the row's columns come from the exchange's {@code hubProvider}
 * and {@code hubEvent} properties, which is why only {@link #add(Exchange, String)} can add.
 */
@Component("webhookEventInbox")
public class WebhookEventInbox extends ServiceSupport implements IdempotentRepository {

    private final WebhookInboxWriter writer;
    private final WebhookInboxTable table;
    private final Clock clock;
    private final Duration commitTimeout;
    /**
     * Keys this instance saw committed lately (bounded in size and age). A hit is certain to be a duplicate; a miss
     * proves nothing (another instance, an older key) and goes to the database as always.
     */
    private final Cache<String, Boolean> committed = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    public WebhookEventInbox(WebhookInboxWriter writer, WebhookInboxTable table, Clock clock, HubProperties properties) {
        this.writer = writer;
        this.table = table;
        this.clock = clock;
        this.commitTimeout = properties.getWebhooks().getInbox().getCommitTimeout();
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        if (committed.getIfPresent(key) != null) {
            // this instance has seen the key committed: a platform's retry, answered without a trip to the database
            return false;
        }
        WebhookInboxEntry entry = new WebhookInboxEntry(exchange.getProperty("hubProvider", String.class),
                exchange.getProperty("hubEvent", WebhookEvent.class), clock.instant(),
                exchange.getProperty(CorrelationIds.PROPERTY, String.class));
        if (entry.provider() == null || entry.event() == null || !entry.key().equals(key)) {
            throw new IllegalArgumentException("The webhook inbox's key must be the exchange's provider:eventId");
        }
        try {
            boolean fresh = writer.submit(entry).get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
            // only a key known to be committed is remembered: a failed or timed-out write never is
            committed.put(key, Boolean.TRUE);
            return fresh;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // the commit may still happen: then the platform's retry is answered "duplicate", which is true
            throw new QueryTimeoutException("The webhook inbox's commit took longer than " + commitTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryTimeoutException("Interrupted while waiting for the webhook inbox's commit");
        }
    }

    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("The webhook inbox records an event, not a bare key: add(exchange, key)");
    }

    @Override
    public boolean contains(String key) {
        int colon = key.indexOf(':');
        return colon > 0 && table.isRecorded(key.substring(0, colon), key.substring(colon + 1));
    }

    @Override
    public boolean remove(String key) {
        committed.invalidate(key);
        int colon = key.indexOf(':');
        if (colon > 0) {
            table.forget(key.substring(0, colon), key.substring(colon + 1));
        }
        return colon > 0;
    }

    @Override
    public boolean confirm(String key) {
        // the add was the commit: nothing is left to confirm
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("The record of acknowledged webhooks is never cleared as a whole");
    }
}
