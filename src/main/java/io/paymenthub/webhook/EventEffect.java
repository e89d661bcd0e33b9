package io.paymenthub.webhook;

import io.paymenthub.payment.PaymentStatus;

/**
 * What a platform event asks of a payment, in the hub's vocabulary: each provider's connector translates its
 * own event names and statuses into one of these, so the payment core never reads a platform's words.
 * Kept with the event (column {@code payment_events.effect}) so an event parked until its payment is known is
 * applied with the meaning it had on arrival.
 */
public record EventEffect(Kind kind, PaymentStatus target) {

    public enum Kind {
        /** the payment moves to {@link #target} */
        STATUS,
        /** one refund succeeded; the event's amount is that refund's (none: the whole rest) */
        REFUND_SUCCEEDED,
        /** a refund succeeded; the event's amount is the total refunded so far (Cheqpay's refundedAmount) */
        REFUNDED_TOTAL,
        /** a refund failed: the payment stays as it is, the event is history */
        REFUND_FAILED,
        /** an event the hub has no use for: recorded as ignored */
        NONE
    }

    public static final EventEffect NONE = new EventEffect(Kind.NONE, null);
    public static final EventEffect REFUND_SUCCEEDED = new EventEffect(Kind.REFUND_SUCCEEDED, null);
    public static final EventEffect REFUNDED_TOTAL = new EventEffect(Kind.REFUNDED_TOTAL, null);
    public static final EventEffect REFUND_FAILED = new EventEffect(Kind.REFUND_FAILED, null);

    public static EventEffect status(PaymentStatus target) {
        return new EventEffect(Kind.STATUS, target);
    }

    /** The stored form: {@code STATUS:SUCCEEDED}, {@code REFUND_SUCCEEDED}, ... */
    public String stored() {
        return kind == Kind.STATUS ? kind.name() + ":" + target.name() : kind.name();
    }

    /** @param stored the stored form, or null for an event stored before effects were (then {@code fallback}) */
    public static EventEffect fromStored(String stored, EventEffect fallback) {
        if (stored == null) {
            return fallback;
        }
        int colon = stored.indexOf(':');
        Kind kind = Kind.valueOf(colon < 0 ? stored : stored.substring(0, colon));
        return new EventEffect(kind, colon < 0 ? null : PaymentStatus.valueOf(stored.substring(colon + 1)));
    }
}
