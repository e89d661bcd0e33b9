package io.paymenthub.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.paymenthub.config.HubProperties;
import org.springframework.stereotype.Component;

/**
 * The lease that makes one attempt the only one submitting a payment ({@link PaymentRepository#takeAttempt}).
 * It is short and renewed while the attempt runs (route renewPaymentAttempts, every
 * {@code hub.retry.attempt-lease-renewal}), so it outlives an attempt however long the platform takes, yet runs
 * out soon after the process that held it died: a replay or the sweep after a crash submits the payment again
 * within {@code hub.retry.attempt-lease} instead of minutes later (a lease as long as the whole retry budget
 * would make every replay after a restart wait that long).
 */
@Component("paymentAttemptLease")
public class PaymentAttemptLease {

    private final PaymentRepository payments;
    private final Clock clock;
    private final Duration duration;
    /** attempt id → payment id, for the attempts of this process that are still running */
    private final Map<String, String> running = new ConcurrentHashMap<>();

    public PaymentAttemptLease(PaymentRepository payments, Clock clock, HubProperties properties) {
        this.payments = payments;
        this.clock = clock;
        HubProperties.Retry retry = properties.getRetry();
        this.duration = retry.getAttemptLease();
        if (retry.getAttemptLeaseRenewal().multipliedBy(2).compareTo(duration) > 0) {
            // one late renewal must not let the lease run out under a live attempt
            throw new IllegalStateException("hub.retry.attempt-lease (" + duration + ") must be at least twice "
                    + "hub.retry.attempt-lease-renewal (" + retry.getAttemptLeaseRenewal() + ")");
        }
    }

    public Duration duration() {
        return duration;
    }

    /** The attempt took the payment: its lease is renewed until {@link #ended}. */
    void started(String attemptId, String paymentId) {
        running.put(attemptId, paymentId);
    }

    void ended(String attemptId) {
        if (attemptId != null) {
            running.remove(attemptId);
        }
    }

    /** Extends the lease of every attempt of this process that is still running; @return how many were extended. */
    public int renewRunning() {
        Instant until = clock.instant().plus(duration);
        int renewed = 0;
        for (Map.Entry<String, String> attempt : running.entrySet()) {
            if (payments.renewAttempt(attempt.getValue(), attempt.getKey(), until)) {
                renewed++;
            } else {
                // recorded its outcome meanwhile, or lost the lease (another attempt took the payment): nothing to keep
                running.remove(attempt.getKey(), attempt.getValue());
            }
        }
        return renewed;
    }
}
