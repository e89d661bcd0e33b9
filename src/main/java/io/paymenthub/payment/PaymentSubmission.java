package io.paymenthub.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.billing.PlatformRefusedException;
import io.paymenthub.billing.PlatformRequest;
import io.paymenthub.common.FailureReason;
import io.paymenthub.config.HubProperties;
import io.paymenthub.outbox.PaymentEventOutbox;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One attempt to submit a payment to the platform: {@link #takeAttempt} makes it the payment's only
 * attempt for the lease's time (so an API request, a replay, the background retry and another hub
 * instance never submit one payment at once), then the outcome is recorded and the lease released:
 * accepted (the platform's id and status), refused (FAILED with the platform's code; never retried) or
 * unreachable after every retry (QUEUED for the background retry, seed 000 Graceful Degradation). Each
 * outcome is one transaction with its payments.events message.
 */
@Component("paymentSubmission")
public class PaymentSubmission {

    private static final Logger log = LoggerFactory.getLogger(PaymentSubmission.class);

    private final PaymentRepository payments;
    private final PaymentStateMachine stateMachine;
    private final PaymentEventOutbox outbox;
    private final ParkedEventReplayer replayer;
    private final PaymentMetrics metrics;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration queueDelay;
    private final Duration interruptedAfter;
    private final PaymentAttemptLease attemptLease;

    public PaymentSubmission(PaymentRepository payments, PaymentStateMachine stateMachine, PaymentEventOutbox outbox,
                             ParkedEventReplayer replayer, PaymentMetrics metrics, TransactionTemplate transaction,
                             Clock clock, HubProperties properties, PaymentAttemptLease attemptLease) {
        this.payments = payments;
        this.stateMachine = stateMachine;
        this.outbox = outbox;
        this.replayer = replayer;
        this.metrics = metrics;
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

    /** The platform call that creates the payment, with the payment's own idempotency key on every attempt. */
    public PlatformRequest createRequest(@ExchangeProperty("hubPayment") Payment payment) {
        return PlatformRequest.post("/payments", payment.platformRequest(), payment.idempotencyKey(), "POST /payments");
    }

    public Payment accepted(@ExchangeProperty("hubPayment") Payment payment, @Body JsonNode platformPayment) {
        String providerPaymentId = platformPayment.path("id").asText(null);
        if (providerPaymentId == null) {
            throw new IllegalStateException("The platform accepted a payment without an id");
        }
        PaymentStatus platformStatus = stateMachine.fromPlatform(platformPayment.path("status").asText(null));
        transaction.executeWithoutResult(tx -> payments.lockById(payment.id()).ifPresent(current -> {
            if (current.providerPaymentId() != null) {
                return; // another attempt (a client retry, the background run) got there first
            }
            PaymentStatus next = stateMachine.allows(current.status(), platformStatus) ? platformStatus : current.status();
            Instant now = clock.instant();
            payments.markSubmitted(current.id(), providerPaymentId, next, platformPayment.path("redirectUrl").asText(null), now);
            if (next != current.status()) {
                outbox.paymentStatusChanged(current.withState(next, current.refundedAmount(), now), "payment.created", now);
            }
        }));
        log.info("Payment created paymentId={} providerPaymentId={} userId={} amount={} currency={} idempotencyKey={}",
                payment.id(), providerPaymentId, payment.userId(), payment.amount(), payment.currency(), payment.idempotencyKey());
        // events that overtook the platform's answer are applied now
        replayer.replay(payment.provider(), providerPaymentId);
        return payments.findById(payment.id()).orElseThrow();
    }

    public Payment refused(@ExchangeProperty("hubPayment") Payment payment,
                           @ExchangeProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT) Exception failure) {
        PlatformRefusedException refusal = PlatformRefusedException.in(failure);
        String code = refusal == null ? "PLATFORM_REFUSED" : refusal.getCode();
        boolean failed = Boolean.TRUE.equals(transaction.execute(tx -> payments.lockById(payment.id()).map(current -> {
            // a refusal ends only a payment that has not reached the platform: one that another attempt got
            // accepted (its platform id is known, or it moved on) stays as the platform and its events say
            if (current.providerPaymentId() != null || !notYetSubmitted(current.status())
                    || !stateMachine.allows(current.status(), PaymentStatus.FAILED)) {
                return false;
            }
            Instant now = clock.instant();
            payments.markFailed(current.id(), code, now);
            outbox.paymentStatusChanged(current.withState(PaymentStatus.FAILED, current.refundedAmount(), now),
                    "payment.failed", now);
            return true;
        }).orElse(false)));
        if (failed) {
            metrics.failed(code);
            log.warn("Payment refused by the platform paymentId={} userId={} amount={} currency={} failureCode={}",
                    payment.id(), payment.userId(), payment.amount(), payment.currency(), code);
        } else {
            log.warn("Platform refusal ignored, the payment is past it paymentId={} failureCode={}", payment.id(), code);
        }
        return payments.findById(payment.id()).orElseThrow();
    }

    public Payment queued(@ExchangeProperty("hubPayment") Payment payment,
                          @ExchangeProperty("hubAttempt") String attemptId,
                          @ExchangeProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT) Exception failure) {
        String reason = describe(failure);
        transaction.executeWithoutResult(tx -> payments.lockById(payment.id()).ifPresent(current -> {
            if (current.providerPaymentId() != null || !notYetSubmitted(current.status())) {
                return;
            }
            Instant now = clock.instant();
            Instant since = current.queuedSince() == null ? now : current.queuedSince();
            if (!payments.markQueued(current.id(), attemptId, since, now.plus(queueDelay), reason, now)) {
                return; // this attempt outlived its lease: the attempt that holds it now records its own outcome
            }
            if (current.status() != PaymentStatus.QUEUED) {
                outbox.paymentStatusChanged(current.withState(PaymentStatus.QUEUED, current.refundedAmount(), now),
                        "payment.queued", now);
            }
        }));
        log.warn("Payment queued, the platform is unavailable paymentId={} userId={} amount={} currency={} reason={}",
                payment.id(), payment.userId(), payment.amount(), payment.currency(), reason);
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
