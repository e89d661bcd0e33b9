package io.paymenthub.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.paymenthub.common.AfterCommit;
import org.springframework.stereotype.Component;

/**
 * The payment metrics of contract section 7 (seed 000, Track Metrics): {@code billing_payments_success_total{provider}},
 * {@code billing_payments_failure_total{provider,reason}}, and as distributions by {@code provider,currency} (Prometheus
 * histograms with fixed buckets, not running averages) {@code billing_payment_amount} (each new payment's amount, in the
 * currency's minor unit) and {@code billing_payment_duration_seconds} (from creation to the first terminal status).
 * Everything is recorded after the transaction that made the change commits: a change that was rolled back is not counted.
 * Labels are bounded: provider and currency are configured sets, reason is a failure code.
 */
@Component
public class PaymentMetrics {

    /** The outcomes a payment ends its life in; refunds come after SUCCEEDED and do not end it again. */
    private static final Set<PaymentStatus> OUTCOMES =
            EnumSet.of(PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.EXPIRED, PaymentStatus.CANCELLED);

    /** Amount buckets in minor units: 1, 5, 10, 25 ... 10,000 of the major unit. */
    private static final double[] AMOUNT_BUCKETS = {100, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000,
            250_000, 500_000, 1_000_000};

    private static final Duration[] DURATION_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1)};

    private final MeterRegistry registry;

    public PaymentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A payment the hub has just stored for the first time. */
    public void created(Payment payment) {
        AfterCommit.run(() -> DistributionSummary.builder("billing.payment.amount")
                .description("Amount of each new payment in the currency's minor unit, by provider and currency")
                .tag("provider", payment.provider()).tag("currency", payment.currency())
                .serviceLevelObjectives(AMOUNT_BUCKETS)
                .register(registry).record(payment.amount()));
    }

    /**
     * A status change the hub has just written: counted as a success or a failure, and when it ends the payment's
     * life, its duration since creation.
     *
     * @param failureCode for FAILED: the platform's code (a bounded set: the platform's codes and the hub's own)
     */
    public void changed(Payment before, PaymentStatus next, String failureCode, Instant at) {
        AfterCommit.run(() -> {
            switch (next) {
                case SUCCEEDED -> succeeded(before.provider());
                case FAILED -> failed(before.provider(), failureCode == null ? "PLATFORM_FAILED" : failureCode);
                case EXPIRED -> failed(before.provider(), "EXPIRED");
                default -> { }
            }
            if (OUTCOMES.contains(next) && !OUTCOMES.contains(before.status()) && before.createdAt() != null) {
                Timer.builder("billing.payment.duration")
                        .description("Time from a payment's creation to its outcome, by provider and currency")
                        .tag("provider", before.provider()).tag("currency", before.currency())
                        .serviceLevelObjectives(DURATION_BUCKETS)
                        .register(registry)
                        .record(Duration.between(before.createdAt(), at).abs());
            }
        });
    }

    private void succeeded(String provider) {
        Counter.builder("billing.payments.success").description("Payments that succeeded, by provider")
                .tag("provider", provider).register(registry).increment();
    }

    private void failed(String provider, String reason) {
        Counter.builder("billing.payments.failure").description("Payments that failed, by provider and reason")
                .tag("provider", provider).tag("reason", reason == null ? "unknown" : reason).register(registry).increment();
    }
}
