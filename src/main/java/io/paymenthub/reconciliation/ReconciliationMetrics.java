package io.paymenthub.reconciliation;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.provider.PaymentProviders;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code hub_reconciliation_payments_total{provider,outcome}}: what reconciliation did with each payment it asked about —
 * {@code updated} (the platform's status was applied: a missed webhook backfilled), {@code unchanged} (still as the hub
 * knows it), {@code resubmitted} (an interrupted create sent again with its key), {@code failed} (the platform could not
 * be asked this time) and {@code gave_up} (the last question was asked and the payment is still where it was).
 */
@Component("reconciliationMetrics")
public class ReconciliationMetrics {

    public static final List<String> OUTCOMES = List.of("updated", "unchanged", "resubmitted", "failed", "gave_up");

    private final MeterRegistry registry;

    public ReconciliationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void counted(String provider, String outcome) {
        counter(provider, outcome).increment();
    }

    /** Every provider's series exist from the start at 0, so that Prometheus sees the first one as an increase. */
    @EventListener(ApplicationStartedEvent.class)
    public void registerCounters(ApplicationStartedEvent started) {
        started.getApplicationContext().getBean(PaymentProviders.class).names()
                .forEach(provider -> OUTCOMES.forEach(outcome -> counter(provider, outcome)));
    }

    private Counter counter(String provider, String outcome) {
        return Counter.builder("hub.reconciliation.payments")
                .description("Payments reconciliation asked their platform about, by what came of it")
                .tag("provider", provider).tag("outcome", outcome).register(registry);
    }
}
