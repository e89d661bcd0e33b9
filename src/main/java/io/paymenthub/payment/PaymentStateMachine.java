package io.paymenthub.payment;

import static io.paymenthub.payment.PaymentStatus.CANCELLED;
import static io.paymenthub.payment.PaymentStatus.CREATED;
import static io.paymenthub.payment.PaymentStatus.EXPIRED;
import static io.paymenthub.payment.PaymentStatus.FAILED;
import static io.paymenthub.payment.PaymentStatus.PARTIALLY_REFUNDED;
import static io.paymenthub.payment.PaymentStatus.PROVIDER_PENDING;
import static io.paymenthub.payment.PaymentStatus.QUEUED;
import static io.paymenthub.payment.PaymentStatus.REFUNDED;
import static io.paymenthub.payment.PaymentStatus.SUCCEEDED;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * The payment life cycle as data: which status each platform event asks for, and which moves are
 * allowed from each status. A move that is not in the table (an event that arrived out of order, or
 * one that would take a terminal status back) is recorded as ignored and changes nothing; an event
 * asking for the status the payment already has changes nothing either, but is not out of order.
 */
@Component
public class PaymentStateMachine {

    static final String REFUND_SUCCEEDED = "refund.succeeded";
    static final String REFUND_FAILED = "refund.failed";

    /** Event type → the status it asks for. Refund events are resolved against the refunded total. */
    static final Map<String, PaymentStatus> EVENT_TARGETS = Map.of(
            "payment.pending", PROVIDER_PENDING,
            "payment.succeeded", SUCCEEDED,
            "payment.failed", FAILED,
            "payment.expired", EXPIRED,
            "payment.cancelled", CANCELLED);

    /** Status → the statuses it may move to. FAILED, EXPIRED, CANCELLED and REFUNDED are terminal. */
    static final Map<PaymentStatus, Set<PaymentStatus>> TRANSITIONS = Map.of(
            QUEUED, EnumSet.of(CREATED, PROVIDER_PENDING, SUCCEEDED, FAILED, EXPIRED, CANCELLED),
            // CREATED -> QUEUED: the platform could not be reached; the payment has not left the hub yet
            CREATED, EnumSet.of(QUEUED, PROVIDER_PENDING, SUCCEEDED, FAILED, EXPIRED, CANCELLED),
            PROVIDER_PENDING, EnumSet.of(SUCCEEDED, FAILED, EXPIRED, CANCELLED),
            SUCCEEDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED),
            PARTIALLY_REFUNDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED));

    /**
     * @param status          the payment's status now
     * @param eventType       the platform event
     * @param amount          the payment's amount
     * @param refundedAmount  what has been refunded so far
     * @param eventAmount     the event's amount, when it carries one (refunds)
     */
    public Decision decide(PaymentStatus status, String eventType, long amount, long refundedAmount, Long eventAmount) {
        if (REFUND_SUCCEEDED.equals(eventType)) {
            if (!TRANSITIONS.getOrDefault(status, Set.of()).contains(REFUNDED) || (eventAmount != null && eventAmount <= 0)) {
                return Decision.ignored(status, refundedAmount);
            }
            long refunded = Math.min(amount, refundedAmount + (eventAmount == null ? amount - refundedAmount : eventAmount));
            PaymentStatus next = refunded >= amount ? REFUNDED : PARTIALLY_REFUNDED;
            return new Decision(next, next != status, false, refunded);
        }
        if (REFUND_FAILED.equals(eventType)) {
            // a refund that failed leaves the payment as it was; it still belongs in the history
            return new Decision(status, false, false, refundedAmount);
        }
        PaymentStatus target = eventType == null ? null : EVENT_TARGETS.get(eventType);
        if (target == status) {
            // consistent with what the hub knows already (e.g. payment.pending after the create answer): not out of order
            return new Decision(status, false, false, refundedAmount);
        }
        if (target == null || !TRANSITIONS.getOrDefault(status, Set.of()).contains(target)) {
            return Decision.ignored(status, refundedAmount);
        }
        return new Decision(target, true, false, refundedAmount);
    }

    public boolean allows(PaymentStatus from, PaymentStatus to) {
        return TRANSITIONS.getOrDefault(from, Set.of()).contains(to);
    }

    /** The hub status of a platform payment status (contract section 5), e.g. PENDING -> PROVIDER_PENDING. */
    public PaymentStatus fromPlatform(String platformStatus) {
        if (platformStatus == null || platformStatus.isBlank() || "PENDING".equalsIgnoreCase(platformStatus)
                || "PROCESSING".equalsIgnoreCase(platformStatus)) {
            return PROVIDER_PENDING;
        }
        try {
            return PaymentStatus.valueOf(platformStatus.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return PROVIDER_PENDING;
        }
    }


    /** What an event does to a payment: its next status, whether that is a change, and whether it was ignored. */
    public record Decision(PaymentStatus next, boolean changed, boolean ignored, long refundedAmount) {
        static Decision ignored(PaymentStatus status, long refundedAmount) {
            return new Decision(status, false, true, refundedAmount);
        }
    }
}
