package io.paymenthub.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.paymenthub.logging.CorrelationIds;
import io.paymenthub.webhook.WebhookEvent;
import io.paymenthub.webhook.WebhookEventMetrics;
import io.paymenthub.webhook.WebhookInboxEntry;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes webhook events off the broker and applies each exactly once, a message's batch in one database transaction:
 * the event's key in {@code payment_events} turns a redelivered copy into a no-op, the payment's row
 * lock orders concurrent events of one payment, and an event for a payment the hub does not know
 * yet is kept for {@link ParkedEventReplayer}.
 */
@Component("paymentEventHandler")
public class PaymentEventHandler {

    private static final Logger log = LoggerFactory.getLogger(PaymentEventHandler.class);

    private static final Comparator<WebhookInboxEntry> LOCK_ORDER = Comparator
            .comparing(WebhookInboxEntry::provider)
            .thenComparing(entry -> entry.event().providerPaymentId(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(WebhookInboxEntry::receivedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(entry -> entry.event().eventId());

    private final PaymentRepository payments;
    private final PaymentEventStore events;
    private final PaymentTransitions applier;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final WebhookEventMetrics metrics;

    public PaymentEventHandler(PaymentRepository payments, PaymentEventStore events,
                               PaymentTransitions applier, TransactionTemplate transaction, Clock clock,
                               WebhookEventMetrics metrics) {
        this.payments = payments;
        this.events = events;
        this.applier = applier;
        this.transaction = transaction;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Applies the events of one message from the webhooks queue in one database transaction, in one lock order
     * (by provider, payment, arrival, event id) so that concurrent batches never deadlock. When the batch fails,
     * each event is applied again in a transaction of its own, so one event the database refuses does not hold up
     * the others; its failure is then thrown, the message is redelivered, and the events already applied are
     * recognised by their ids and skipped.
     */
    public void applyAll(@Body List<WebhookInboxEntry> entries) {
        List<WebhookInboxEntry> ordered = new ArrayList<>(entries);
        ordered.sort(LOCK_ORDER);
        long started = System.nanoTime();
        try {
            List<WebhookInboxEntry> applied = new ArrayList<>();
            transaction.executeWithoutResult(status -> ordered.forEach(entry -> {
                if (apply(entry)) {
                    applied.add(entry);
                }
            }));
            recordCommitted(ordered, applied, started);
        } catch (RuntimeException batchFailed) {
            if (ordered.size() == 1) {
                throw batchFailed;
            }
            log.warn("A batch of {} webhook events failed ({}); applying them one by one", ordered.size(), batchFailed.toString());
            RuntimeException first = null;
            for (WebhookInboxEntry entry : ordered) {
                long each = System.nanoTime();
                try {
                    Boolean applied = transaction.execute(status -> apply(entry));
                    recordCommitted(List.of(entry), Boolean.TRUE.equals(applied) ? List.of(entry) : List.of(), each);
                } catch (RuntimeException failed) {
                    first = first == null ? failed : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /**
     * Every event of a committed batch took the batch's time, from the start of its transaction to its commit; the
     * events applied to a payment (not duplicates, not kept for an unknown payment) also their time since receipt.
     */
    private void recordCommitted(List<WebhookInboxEntry> committed, List<WebhookInboxEntry> applied, long startedNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        for (WebhookInboxEntry entry : committed) {
            metrics.applied(entry.provider(), took, applied.contains(entry) ? entry.receivedAt() : null);
        }
    }

    /** @return whether the event was applied to its payment now */
    private boolean apply(WebhookInboxEntry entry) {
        // the event's log lines, and the payments.events message it causes, carry the id of the request that delivered it
        return CorrelationIds.within(entry.correlationId(), () -> apply(entry.provider(), entry.event(),
                entry.receivedAt() == null ? clock.instant() : entry.receivedAt()));
    }

    private boolean apply(String provider, WebhookEvent event, Instant receivedAt) {
        if (!events.recordIfNew(provider, event, receivedAt)) {
            log.info("Webhook event already applied provider={} eventId={}", provider, event.eventId());
            return false;
        }
        Optional<Payment> payment = event.providerPaymentId() == null
                ? Optional.empty()
                : payments.lockByProviderPaymentId(provider, event.providerPaymentId());
        if (payment.isEmpty()) {
            log.info("Webhook event kept until its payment is known provider={} eventId={} paymentId={}",
                    provider, event.eventId(), event.providerPaymentId());
            return false;
        }
        applier.apply(payment.get(), provider, event);
        return true;
    }
}
