package io.paymenthub.payment;

import java.time.Duration;

import io.paymenthub.payment.PaymentEventStore.ParkedEvent;
import io.paymenthub.provider.PaymentProviders;
import io.paymenthub.payment.PaymentEventStore.ParkedKey;
import io.paymenthub.webhook.WebhookEventMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the events that arrived before their payment was known (a webhook that overtook the
 * platform's answer). Called right after a payment gets its platform id, and by a periodic sweep
 * that closes the race where an event is parked while the payment is being stored.
 */
@Component("parkedEventReplayer")
public class ParkedEventReplayer {

    private static final Logger log = LoggerFactory.getLogger(ParkedEventReplayer.class);
    private static final int SWEEP_BATCH = 100;

    private final PaymentRepository payments;
    private final PaymentEventStore events;
    private final PaymentTransitions applier;
    private final TransactionTemplate transaction;
    private final PaymentProviders providers;
    private final WebhookEventMetrics metrics;

    public ParkedEventReplayer(PaymentRepository payments, PaymentEventStore events, PaymentTransitions applier,
                               TransactionTemplate transaction, PaymentProviders providers, WebhookEventMetrics metrics) {
        this.providers = providers;
        this.metrics = metrics;
        this.payments = payments;
        this.events = events;
        this.applier = applier;
        this.transaction = transaction;
    }

    /** @return how many events were applied */
    public int replay(String provider, String providerPaymentId) {
        Integer applied = transaction.execute(status -> payments.lockByProviderPaymentId(provider, providerPaymentId)
                .map(payment -> {
                    Payment current = payment;
                    int count = 0;
                    for (ParkedEvent parked : events.parkedFor(providers.of(provider), providerPaymentId)) {
                        long started = System.nanoTime();
                        current = applier.apply(current, provider, parked.event());
                        metrics.applied(provider, Duration.ofNanos(System.nanoTime() - started), parked.receivedAt());
                        count++;
                    }
                    return count;
                })
                .orElse(0));
        if (applied != null && applied > 0) {
            log.info("Applied {} kept event(s) provider={} paymentId={}", applied, provider, providerPaymentId);
        }
        return applied == null ? 0 : applied;
    }

    /** @return how many events were applied in this sweep */
    public int replayAll() {
        int applied = 0;
        for (ParkedKey key : events.parkedWithKnownPayment(SWEEP_BATCH)) {
            applied += replay(key.provider(), key.providerPaymentId());
        }
        return applied;
    }
}
