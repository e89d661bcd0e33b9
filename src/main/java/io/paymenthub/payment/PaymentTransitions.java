package io.paymenthub.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.paymenthub.common.AfterCommit;
import io.paymenthub.logging.LifecycleLog;
import io.paymenthub.outbox.PaymentEventOutbox;
import io.paymenthub.payment.PaymentStateMachine.Decision;
import io.paymenthub.refund.RefundRepository;
import io.paymenthub.webhook.EventEffect;
import io.paymenthub.webhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one place where a payment's status changes (Kill Bill's single state entry). Every path — a platform
 * event, the platform's answer to a create, a refusal, queueing, cancelling, verifying, 3-D Secure — calls
 * {@link #apply} or {@link #move} with the payment's row locked by its transaction, and each change is the
 * same: the transition table is consulted ({@link PaymentStateMachine}), the row updated, the history written
 * (for events), the {@code payments.events} message put in the outbox in the same transaction with an event
 * type derived from the new status ({@link #eventType}), and the outcome counted.
 */
@Component("paymentTransitions")
public class PaymentTransitions {

    private static final Logger log = LoggerFactory.getLogger(PaymentTransitions.class);

    private final PaymentStateMachine stateMachine;
    private final PaymentRepository payments;
    private final PaymentEventStore events;
    private final PaymentEventOutbox outbox;
    private final PaymentMetrics metrics;
    private final RefundRepository refunds;
    private final Clock clock;

    public PaymentTransitions(PaymentStateMachine stateMachine, PaymentRepository payments, PaymentEventStore events,
                              PaymentEventOutbox outbox, PaymentMetrics metrics, RefundRepository refunds, Clock clock) {
        this.stateMachine = stateMachine;
        this.payments = payments;
        this.events = events;
        this.outbox = outbox;
        this.metrics = metrics;
        this.refunds = refunds;
        this.clock = clock;
    }

    /** Applies one recorded platform event: decided by the table, written to the history whatever it did. */
    public Payment apply(Payment locked, String provider, WebhookEvent event) {
        Instant now = clock.instant();
        Decision decision = stateMachine.decide(locked.status(), event.effect(), locked.amount(),
                locked.refundedAmount(), event.amount());
        if (!decision.changed() && !decision.ignored() && event.effect() != null
                && event.effect().kind() == EventEffect.Kind.STATUS) {
            // the webhook of a change reconciliation backfilled: the same change, told late; nothing more happens
            Optional<PaymentEventStore.HistoryEntry> reconciled = events.unconfirmedReconciliation(locked.id());
            if (reconciled.isPresent() && locked.status().name().equals(reconciled.get().status())) {
                events.confirmReconciliation(provider, event.eventId(), locked.id(), reconciled.get());
                log.info("Payment event confirms a reconciled status paymentId={} eventId={} status={}",
                        locked.id(), event.eventId(), locked.status());
                return locked;
            }
        }
        events.markApplied(provider, event.eventId(), locked.id(), decision.next(), decision.ignored(), now);
        if (decision.ignored()) {
            log.info("Payment event ignored paymentId={} eventId={} eventType={} status={}",
                    locked.id(), event.eventId(), event.eventType(), locked.status());
            return locked;
        }
        settleRefund(locked, event, now);
        if (!decision.changed() && decision.refundedAmount() == locked.refundedAmount()) {
            return locked;
        }
        // a platform event names no failure code of its own: the payment's stays empty, counted as PLATFORM_FAILED
        return write(locked, decision.next(), decision.refundedAmount(), null, decision.changed(),
                event.eventId(), event.createdAt() == null ? now : event.createdAt(), now);
    }

    /**
     * Reconciliation (io.paymenthub.reconciliation): the status the platform reported when the hub asked, applied as
     * the webhook the hub missed would have been — the same decision, history entry (source reconciliation), outbox
     * message and count — so that the platform's webhook of the same change, should it come late, changes nothing.
     *
     * @return the payment after the change, or as it was when the table does not allow it or it is no change
     */
    public Payment reconcile(Payment locked, PaymentStatus reported) {
        if (reported == null || reported == locked.status() || !stateMachine.allows(locked.status(), reported)) {
            return locked;
        }
        Instant now = clock.instant();
        WebhookEvent learnt = new WebhookEvent(PaymentEventStore.RECONCILIATION_EVENT_PREFIX + UUID.randomUUID(),
                eventType(reported), now, locked.providerPaymentId(), null, EventEffect.status(reported));
        events.recordIfNew(locked.provider(), learnt, now, PaymentEventStore.RECONCILIATION);
        return apply(locked, locked.provider(), learnt);
    }

    /**
     * A move the hub makes from a platform's answer or on its own (accepted, refused, queued, cancelled,
     * verified, authenticated): allowed only where the table allows it.
     *
     * @param failureCode for FAILED: the platform's code, shown with the payment and counted as the reason
     * @return the payment after the move, or as it was when the move is not allowed or not a change
     */
    public Payment move(Payment locked, PaymentStatus target, String failureCode) {
        if (target == locked.status() || !stateMachine.allows(locked.status(), target)) {
            return locked;
        }
        Instant now = clock.instant();
        return write(locked, target, locked.refundedAmount(), failureCode, true, null, now, now);
    }

    private Payment write(Payment locked, PaymentStatus next, long refundedAmount, String failureCode, boolean changed,
                          String eventId, Instant occurredAt, Instant now) {
        payments.updateState(locked.id(), next, refundedAmount, failureCode, now);
        Payment updated = locked.withState(next, refundedAmount, now);
        if (changed) {
            outbox.paymentStatusChanged(updated, eventId, eventType(next), occurredAt, now);
            metrics.changed(locked, next, failureCode, now);
            log.info("Payment status changed paymentId={} provider={} from={} to={} cause={}",
                    locked.id(), locked.provider(), locked.status(), next, eventId == null ? "hub" : eventId);
            AfterCommit.run(() -> logOutcome(updated, next, failureCode));
        }
        return updated;
    }

    /** The lifecycle lines of an outcome (seeds 000 and 004), once the change is committed. */
    private static void logOutcome(Payment payment, PaymentStatus status, String failureCode) {
        switch (status) {
            case SUCCEEDED -> {
                LifecycleLog.info(log, "payment.completed", "Payment completed", "paymentId", payment.id(),
                        "provider", payment.provider(), "userId", payment.userId(), "amount", payment.amount(),
                        "currency", payment.currency(), "status", status);
                // the merchant ships on payments.events payment.succeeded: the order can be fulfilled now
                LifecycleLog.info(log, "order.fulfilled", "Order ready to fulfil", "orderId", payment.orderId(),
                        "paymentId", payment.id());
            }
            case FAILED, EXPIRED, CANCELLED -> LifecycleLog.warn(log, "payment.failed", "Payment failed",
                    "paymentId", payment.id(), "provider", payment.provider(), "userId", payment.userId(),
                    "amount", payment.amount(), "currency", payment.currency(), "status", status,
                    "reason", failureCode != null ? failureCode : status == PaymentStatus.FAILED ? "PLATFORM_FAILED" : status.name());
            default -> { }
        }
    }

    /** The payments.events type of a new status: payment.pending, payment.succeeded, payment.partially_refunded... */
    static String eventType(PaymentStatus status) {
        String name = status == PaymentStatus.PROVIDER_PENDING ? "pending" : status.name().toLowerCase(Locale.ROOT);
        return "payment." + name;
    }

    /** A refund the hub asked for stops counting as open once the platform reports it done or failed. */
    private void settleRefund(Payment payment, WebhookEvent event, Instant now) {
        EventEffect.Kind kind = event.effect() == null ? EventEffect.Kind.NONE : event.effect().kind();
        if (kind == EventEffect.Kind.REFUND_SUCCEEDED) {
            refunds.settle(payment.id(), event.amount(), "SUCCEEDED", now);
            logRefund(payment, event, "refund.completed", "Refund completed");
        } else if (kind == EventEffect.Kind.REFUND_FAILED) {
            refunds.settle(payment.id(), event.amount(), "FAILED", now);
            logRefund(payment, event, "refund.failed", "Refund failed");
        } else if (kind == EventEffect.Kind.REFUNDED_TOTAL) {
            // a total names no single refund: the oldest open one is the one the platform finished
            refunds.settle(payment.id(), null, "SUCCEEDED", now);
            logRefund(payment, event, "refund.completed", "Refund completed");
        }
    }

    private static void logRefund(Payment payment, WebhookEvent event, String lifecycleEvent, String text) {
        AfterCommit.run(() -> LifecycleLog.info(log, lifecycleEvent, text, "paymentId", payment.id(),
                "provider", payment.provider(), "amount", event.amount(), "currency", payment.currency(),
                "eventId", event.eventId()));
    }
}
