package io.paymenthub.reconciliation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.paymenthub.payment.PaymentStatus;

/**
 * When a payment is asked at its platform (Hyperswitch's PSync, Kill Bill's janitor): a payment that stayed in
 * CREATED or PROVIDER_PENDING longer than {@code pending-after}, or in REQUIRES_ACTION longer than its provider's
 * 3-D Secure lifetime, is stale; it is asked first {@code first-check-delay} after that, then every
 * {@code check-interval}, at most {@code max-attempts} times in one status. Plain rules, no clock of its own.
 */
public class ReconciliationSchedule {

    /** The statuses only a webhook would move on: the ones reconciliation asks about. */
    public static final List<PaymentStatus> WATCHED = List.of(PaymentStatus.CREATED, PaymentStatus.PROVIDER_PENDING,
            PaymentStatus.REQUIRES_ACTION);

    private final ReconciliationProperties settings;

    public ReconciliationSchedule(ReconciliationProperties settings) {
        if (settings.getMaxAttempts() < 1 || settings.getBatchSize() < 1) {
            throw new IllegalStateException("hub.reconciliation.max-attempts and batch-size must be at least 1");
        }
        this.settings = settings;
    }

    /** How long a payment may stay in the status before it is stale. */
    public Duration staleAfter(String provider, PaymentStatus status) {
        if (status == PaymentStatus.REQUIRES_ACTION) {
            return settings.getAuthenticationLifetime().getOrDefault(provider, settings.getDefaultAuthenticationLifetime());
        }
        return settings.getPendingAfter();
    }

    /** The first question: a payment that entered {@code status} at {@code since} is asked from then on. */
    public Instant firstCheck(String provider, PaymentStatus status, Instant since) {
        return since.plus(staleAfter(provider, status)).plus(settings.getFirstCheckDelay());
    }

    /**
     * For each provider and watched status, the latest time a payment may have entered it and be due for its first
     * question now.
     */
    public List<Cutoff> firstCheckCutoffs(Collection<String> providers, Instant now) {
        List<Cutoff> cutoffs = new ArrayList<>();
        for (String provider : providers) {
            for (PaymentStatus status : WATCHED) {
                cutoffs.add(new Cutoff(provider, status,
                        now.minus(staleAfter(provider, status)).minus(settings.getFirstCheckDelay())));
            }
        }
        return cutoffs;
    }

    /** The question after the one asked now, the {@code attempt}-th in the status: null when it was the last. */
    public Instant nextCheck(int attempt, Instant now) {
        return attempt >= settings.getMaxAttempts() ? null : now.plus(settings.getCheckInterval());
    }

    public boolean isLast(int attempt) {
        return attempt >= settings.getMaxAttempts();
    }

    public int maxAttempts() {
        return settings.getMaxAttempts();
    }

    public int batchSize() {
        return settings.getBatchSize();
    }

    /** Payments of {@code provider} in {@code status} since {@code enteredBefore} or earlier are due for a first question. */
    public record Cutoff(String provider, PaymentStatus status, Instant enteredBefore) { }
}
