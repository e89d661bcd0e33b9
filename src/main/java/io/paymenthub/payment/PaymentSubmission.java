package io.paymenthub.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.provider.PaymentProviders;
import io.paymenthub.provider.PlatformRefusedException;
import io.paymenthub.provider.PlatformRequest;
import io.paymenthub.provider.ProviderPayment;
import io.paymenthub.common.FailureReason;
import io.paymenthub.config.HubProperties;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import io.paymenthub.logging.LifecycleLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One attempt to submit a payment to the platform: {@link #takeAttempt} makes it the payment's only
 * attempt for the lease's time (so an API request, a replay, the background retry and another hub
 * instance never submit one payment at once), then the outcome is recorded and the lease released:
 * accepted (the platform's id and status), refused (FAILED with the platform's code; never retried) or
 * unreachable after every retry (QUEUED for the background retry, seed 000 Graceful Degradation; never a
 * payment whose submission needs card data). The provider's connector builds the call and reads the answer;
 * each outcome is one move of {@link PaymentTransitions}, in one transaction with its payments.events message.
 */
@Component("paymentSubmission")
public class PaymentSubmission {

    private static final Logger log = LoggerFactory.getLogger(PaymentSubmission.class);

    /** Exchange property: the payment carries card data, the platform is unavailable, nothing was queued. */
    public static final String NOT_QUEUED = "hubCardDataNotQueued";

    private final PaymentRepository payments;
    private final PaymentTransitions transitions;
    private final PaymentProviders providers;
    private final ParkedEventReplayer replayer;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration queueDelay;
    private final Duration interruptedAfter;
    private final PaymentAttemptLease attemptLease;

    public PaymentSubmission(PaymentRepository payments, PaymentTransitions transitions, PaymentProviders providers,
                             ParkedEventReplayer replayer, TransactionTemplate transaction,
                             Clock clock, HubProperties properties, PaymentAttemptLease attemptLease) {
        this.payments = payments;
        this.transitions = transitions;
        this.providers = providers;
        this.replayer = replayer;
        this.transaction = transaction;
        this.clock = clock;
        this.queueDelay = properties.getRetry().getQueueDelay();
        this.interruptedAfter = properties.getRetry().getInterruptedAfter();
        this.attemptLease = attemptLease;
    }

    /**
     * Takes the payment for this attempt, re-checking it first: still not at the platform and held by no
     * live attempt (a crashed attempt's lease has run out).
     *
     * @param background the background retry, which takes only payments that are due
     * @return the attempt's id, or null when the payment is not to be submitted now (another attempt holds
     *         it, it reached the platform, it failed, or it is not due)
     */
    public String takeAttempt(@ExchangeProperty("hubPayment") Payment payment,
                              @ExchangeProperty("hubBackgroundAttempt") Boolean background) {
        String attemptId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        boolean taken = payments.takeAttempt(payment.id(), attemptId, now, now.plus(attemptLease.duration()),
                Boolean.TRUE.equals(background), now.minus(interruptedAfter));
        if (!taken) {
            return null;
        }
        attemptLease.started(attemptId, payment.id());
        return attemptId;
    }

    /** The attempt is over, whatever its outcome (or failure to record one): its lease is no longer renewed. */
    public void endAttempt(@ExchangeProperty("hubAttempt") String attemptId) {
        attemptLease.ended(attemptId);
    }

    /** The payment as it is now (another attempt may have moved it on). */
    public Payment current(@ExchangeProperty("hubPayment") Payment payment) {
        return payments.findById(payment.id()).orElseThrow();
    }

    /**
     * The platform call that creates the payment, built by the payment's provider, with the payment's own
     * idempotency key on every attempt.
     *
     * @param request the client's request while it is answered (it may carry card data the hub never keeps),
     *                absent for a background attempt
     */
    public PlatformRequest createRequest(@ExchangeProperty("hubPayment") Payment payment,
                                         @ExchangeProperty("hubPaymentRequest") PaymentRequest request) {
        if (payment.needsCardData() && request == null) {
            throw new IllegalStateException("Payment " + payment.id() + " needs card data only its client's request carries");
        }
        return providers.of(payment.provider()).createPayment(payment, request);
    }

    public Payment accepted(@ExchangeProperty("hubPayment") Payment payment, @Body JsonNode platformPayment) {
        ProviderPayment answer = providers.of(payment.provider()).readPayment(platformPayment);
        if (answer.providerPaymentId() == null) {
            throw new IllegalStateException("The platform accepted a payment without an id");
        }
        transaction.executeWithoutResult(tx -> payments.lockById(payment.id()).ifPresent(current -> {
            if (current.providerPaymentId() != null) {
                return; // another attempt (a client retry, the background run) got there first
            }
            payments.markSubmitted(current.id(), answer.providerPaymentId(), answer.redirectUrl(),
                    answer.storedNextAction(), answer.storedPaymentMethod(), clock.instant());
            transitions.move(current, answer.status(), null);
        }));
        LifecycleLog.info(log, "payment.created", "Payment created", "paymentId", payment.id(), "provider", payment.provider(),
                "providerPaymentId", answer.providerPaymentId(), "userId", payment.userId(), "orderId", payment.orderId(),
                "amount", payment.amount(), "currency", payment.currency(), "idempotencyKey", payment.idempotencyKey());
        // events that overtook the platform's answer are applied now
        replayer.replay(payment.provider(), answer.providerPaymentId());
        return payments.findById(payment.id()).orElseThrow();
    }

    public Payment refused(@ExchangeProperty("hubPayment") Payment payment,
                           @ExchangeProperty("hubAttempt") String attemptId,
                           @ExchangeProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT) Exception failure) {
        PlatformRefusedException refusal = PlatformRefusedException.in(failure);
        String code = refusal == null ? "PLATFORM_REFUSED" : refusal.getCode();
        boolean failed = Boolean.TRUE.equals(transaction.execute(tx -> payments.lockById(payment.id()).map(current -> {
            // a refusal ends only a payment that has not reached the platform: one that another attempt got
            // accepted (its platform id is known, or it moved on) stays as the platform and its events say
            if (current.providerPaymentId() != null || !notYetSubmitted(current.status())) {
                return false;
            }
            payments.releaseAttempt(current.id(), attemptId);
            return transitions.move(current, PaymentStatus.FAILED, code).status() == PaymentStatus.FAILED;
        }).orElse(false)));
        if (failed) {
            log.warn("Payment refused by the platform paymentId={} provider={} userId={} amount={} currency={} failureCode={}",
                    payment.id(), payment.provider(), payment.userId(), payment.amount(), payment.currency(), code);
        } else {
            log.warn("Platform refusal ignored, the payment is past it paymentId={} failureCode={}", payment.id(), code);
        }
        return payments.findById(payment.id()).orElseThrow();
    }

    /**
     * The platform could not be reached after every retry: QUEUED for the background retry, unless submitting
     * needs card data the hub never keeps (contract section 3): then nothing is queued, the payment stays as
     * it is (CREATED, holding no card data) and the client is answered 503 UNAVAILABLE; its next request with
     * the same idempotency key submits it again.
     */
    public Payment queued(@ExchangeProperty("hubPayment") Payment payment,
                          @ExchangeProperty("hubAttempt") String attemptId,
                          @ExchangeProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT) Exception failure,
                          org.apache.camel.Exchange exchange) {
        String reason = describe(failure);
        if (payment.needsCardData()) {
            transaction.executeWithoutResult(tx -> payments.releaseAttempt(payment.id(), attemptId));
            log.warn("Payment not queued, it carries card data and the platform is unavailable paymentId={} provider={} "
                    + "reason={}", payment.id(), payment.provider(), reason);
            // answered 503 by PaymentResponder (a failure thrown from this doCatch would bypass the error policy)
            exchange.setProperty(NOT_QUEUED, Boolean.TRUE);
            return payments.findById(payment.id()).orElseThrow();
        }
        transaction.executeWithoutResult(tx -> payments.lockById(payment.id()).ifPresent(current -> {
            if (current.providerPaymentId() != null || !notYetSubmitted(current.status())) {
                return;
            }
            Instant now = clock.instant();
            Instant since = current.queuedSince() == null ? now : current.queuedSince();
            if (!payments.scheduleRetry(current.id(), attemptId, since, now.plus(queueDelay), reason, now)) {
                return; // this attempt outlived its lease: the attempt that holds it now records its own outcome
            }
            transitions.move(current, PaymentStatus.QUEUED, null);
        }));
        log.warn("Payment queued, the platform is unavailable paymentId={} provider={} userId={} amount={} currency={} reason={}",
                payment.id(), payment.provider(), payment.userId(), payment.amount(), payment.currency(), reason);
        return payments.findById(payment.id()).orElseThrow();
    }

    private static boolean notYetSubmitted(PaymentStatus status) {
        return status == PaymentStatus.CREATED || status == PaymentStatus.QUEUED;
    }

    /** The payment's last_error: within its column (VARCHAR(500)). */
    static String describe(Throwable failure) {
        return FailureReason.of(failure, 500);
    }
}
