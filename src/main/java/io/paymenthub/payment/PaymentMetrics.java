package io.paymenthub.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code billing_payments_success_total} and {@code billing_payments_failure_total{reason}} (seed 000, Track Metrics). */
@Component
public class PaymentMetrics {

    private final MeterRegistry registry;

    public PaymentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void succeeded(String provider) {
        Counter.builder("billing.payments.success").description("Payments that succeeded, by provider")
                .tag("provider", provider).register(registry).increment();
    }

    /** @param reason a failure code (a bounded set: the platform's codes and the hub's own) */
    public void failed(String provider, String reason) {
        Counter.builder("billing.payments.failure").description("Payments that failed, by provider and reason")
                .tag("provider", provider).tag("reason", reason == null ? "unknown" : reason).register(registry).increment();
    }
}
