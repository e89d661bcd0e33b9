package io.paymenthub.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.TextFields;
import io.paymenthub.provider.PaymentProvider;
import io.paymenthub.provider.PaymentProviders;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Stripe-style idempotency in the database (seed 000, Idempotency Keys): the key, from the
 * {@code Idempotency-Key} header or derived by the provider's rule (billing: from userId and orderId; Cheqpay:
 * {@code order_<orderId>}, its externalId; never random), maps to one payment. The payment row is inserted before the platform is called, under the key's unique
 * constraint, so two concurrent requests with one key make one payment; which of them goes on to the
 * platform is decided by the attempt lease (submitPayment).
 */
@Component("paymentIdempotency")
public class PaymentIdempotency {

    private final PaymentRepository payments;
    private final PaymentProviders providers;
    private final Clock clock;
    private final PaymentMetrics metrics;

    public PaymentIdempotency(PaymentRepository payments, PaymentProviders providers, Clock clock, PaymentMetrics metrics) {
        this.payments = payments;
        this.providers = providers;
        this.clock = clock;
        this.metrics = metrics;
    }

    public Claim claim(@ExchangeProperty("hubPaymentRequest") PaymentRequest request,
                       @Header("Idempotency-Key") String headerKey,
                       @ExchangeProperty("hubClient") String client) {
        PaymentProvider provider = providers.of(request.provider());
        String key = validatedKey(request, headerKey);
        Instant now = clock.instant();
        Payment candidate = new Payment(UUID.randomUUID().toString(), request.provider(), null, PaymentStatus.CREATED,
                request.userId(), request.orderId(), request.amount(), request.currency(), 0, key, null, null, now, now,
                provider.storedCreateBody(request, key), client, null, null, null, null, provider.needsCardData(request));
        if (payments.insertIfAbsent(candidate)) {
            metrics.created(candidate);
            return new Claim(candidate, Claim.Outcome.NEW);
        }
        Payment existing = payments.findByIdempotencyKey(key)
                .orElseThrow(() -> new IllegalStateException("A payment with this id or key vanished"));
        if (!existing.userId().equals(request.userId()) || existing.amount() != request.amount()
                || !existing.currency().equals(request.currency()) || !existing.provider().equals(request.provider())) {
            throw new HubHttpException(409, "IDEMPOTENCY_CONFLICT",
                    "This idempotency key was used for a payment with a different amount, currency or user");
        }
        return new Claim(existing, notAtThePlatform(existing) ? Claim.Outcome.RESUBMIT : Claim.Outcome.REPLAY);
    }

    /**
     * The checks {@link #claim} makes before it writes anything (the provider's own rules, the caller's key), also for
     * an operator's dry run of a dead letter's replay.
     *
     * @return the payment's idempotency key
     */
    public String validatedKey(PaymentRequest request, String headerKey) {
        providers.of(request.provider()).validate(request);
        return keyFor(request, headerKey);
    }

    /**
     * A payment the platform has not answered yet: QUEUED (a client retrying it gets an attempt now, not only
     * at the next background run), or CREATED without the platform's id (its attempt is still running, or it
     * was interrupted by a crash mid-call: then the replay submits it again with the same key, and the
     * platform de-duplicates). submitPayment takes the attempt only when no other attempt holds it.
     */
    private static boolean notAtThePlatform(Payment payment) {
        return payment.providerPaymentId() == null
                && (payment.status() == PaymentStatus.QUEUED || payment.status() == PaymentStatus.CREATED);
    }

    /** The merchant's Idempotency-Key (header or payments.requests property), checked, else the provider's rule. */
    String keyFor(PaymentRequest request, String headerKey) {
        String given = null;
        if (headerKey != null && !headerKey.isBlank()) {
            // the API header and the payments.requests property alike: within the column, no NUL or lone surrogate
            given = TextFields.API.identifier("Idempotency-Key", headerKey.trim(), TextFields.IDEMPOTENCY_KEY);
        }
        return providers.of(request.provider()).idempotencyKey(request, given);
    }

    /** The payment a request maps to, and whether this request created it, replays it or retries it. */
    public record Claim(Payment payment, Outcome outcome) {
        public enum Outcome { NEW, REPLAY, RESUBMIT }

        public boolean needsSubmission() {
            return outcome != Outcome.REPLAY;
        }
    }
}
