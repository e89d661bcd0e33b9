package io.paymenthub.payment;

import java.time.Clock;
import java.time.Instant;

import io.paymenthub.outbox.PaymentEventOutbox;
import io.paymenthub.payment.PaymentStateMachine.Decision;
import io.paymenthub.refund.RefundRepository;
import io.paymenthub.webhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies one recorded platform event to a payment whose row the caller has locked: decides the
 * move with the state machine, stores the new state and the history entry, and, when the status
 * changed, writes the {@code payments.events} message to the outbox in the same transaction.
 */
@Component
public class PaymentEventApplier {

    private static final Logger log = LoggerFactory.getLogger(PaymentEventApplier.class);

    private final PaymentStateMachine stateMachine;
    private final PaymentRepository payments;
    private final PaymentEventStore events;
    private final PaymentEventOutbox outbox;
    private final PaymentMetrics metrics;
    private final RefundRepository refunds;
    private final Clock clock;

    public PaymentEventApplier(PaymentStateMachine stateMachine, PaymentRepository payments, PaymentEventStore events,
                               PaymentEventOutbox outbox, PaymentMetrics metrics, RefundRepository refunds, Clock clock) {
        this.metrics = metrics;
        this.refunds = refunds;
        this.stateMachine = stateMachine;
        this.payments = payments;
        this.events = events;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Payment apply(Payment locked, String provider, WebhookEvent event) {
        Instant now = clock.instant();
        Decision decision = stateMachine.decide(locked.status(), event.eventType(), locked.amount(),
                locked.refundedAmount(), event.amount());
        events.markApplied(provider, event.eventId(), locked.id(), decision.next(), decision.ignored(), now);
        settleRefund(locked, event, decision, now);
        if (decision.ignored()) {
            log.info("Payment event ignored paymentId={} eventId={} eventType={} status={}",
                    locked.id(), event.eventId(), event.eventType(), locked.status());
            return locked;
        }
        payments.updateState(locked.id(), decision.next(), decision.refundedAmount(), now);
        Payment updated = locked.withState(decision.next(), decision.refundedAmount(), now);
        if (decision.changed()) {
            outbox.paymentStatusChanged(updated, event, now);
            countOutcome(decision.next());
            log.info("Payment status changed paymentId={} from={} to={} eventId={}",
                    locked.id(), locked.status(), decision.next(), event.eventId());
        }
        return updated;
    }

    /** A refund the hub asked for stops counting as open once the platform reports it done or failed. */
    private void settleRefund(Payment payment, WebhookEvent event, Decision decision, Instant now) {
        if (decision.ignored()) {
            return;
        }
        if (PaymentStateMachine.REFUND_SUCCEEDED.equals(event.eventType())) {
            refunds.settle(payment.id(), event.amount(), "SUCCEEDED", now);
        } else if (PaymentStateMachine.REFUND_FAILED.equals(event.eventType())) {
            refunds.settle(payment.id(), event.amount(), "FAILED", now);
        }
    }

    private void countOutcome(PaymentStatus status) {
        switch (status) {
            case SUCCEEDED -> metrics.succeeded();
            case FAILED -> metrics.failed("PLATFORM_FAILED");
            case EXPIRED -> metrics.failed("EXPIRED");
            default -> { }
        }
    }
}
