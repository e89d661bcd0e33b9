package io.paymenthub.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code billing_payments_success_total} and {@code billing_payments_failure_total{reason}} (seed 000, Track Metrics). */
@Component
public class PaymentMetrics {

    private final MeterRegistry registry;
    private final Counter succeeded;

    public PaymentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.succeeded = Counter.builder("billing.payments.success").description("Payments that succeeded").register(registry);
    }

    public void succeeded() {
        succeeded.increment();
    }

    public void failed(String reason) {
        Counter.builder("billing.payments.failure").description("Payments that failed, by reason")
                .tag("reason", reason == null ? "unknown" : reason).register(registry).increment();
    }
}
