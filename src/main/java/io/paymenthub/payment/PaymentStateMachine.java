package io.paymenthub.payment;

import static io.paymenthub.payment.PaymentStatus.CANCELLED;
import static io.paymenthub.payment.PaymentStatus.CREATED;
import static io.paymenthub.payment.PaymentStatus.EXPIRED;
import static io.paymenthub.payment.PaymentStatus.FAILED;
import static io.paymenthub.payment.PaymentStatus.PARTIALLY_REFUNDED;
import static io.paymenthub.payment.PaymentStatus.PROVIDER_PENDING;
import static io.paymenthub.payment.PaymentStatus.QUEUED;
import static io.paymenthub.payment.PaymentStatus.REFUNDED;
import static io.paymenthub.payment.PaymentStatus.REQUIRES_ACTION;
import static io.paymenthub.payment.PaymentStatus.SUCCEEDED;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.paymenthub.webhook.EventEffect;
import org.springframework.stereotype.Component;

/**
 * The payment life cycle as data (contract section 4): which moves are allowed from each status, whoever asks
 * for them — a platform event, the platform's answer, or the hub itself (queueing a payment the platform could
 * not take). A move that is not in the table (an event that arrived out of order, or one that would take a
 * terminal status back) changes nothing and, for an event, is recorded as ignored; an event asking for the
 * status the payment already has changes nothing either, but is not out of order. Events come in the hub's
 * vocabulary ({@link EventEffect}): each provider's connector translates its own words.
 */
@Component
public class PaymentStateMachine {

    /** Status → the statuses it may move to. FAILED, EXPIRED, CANCELLED and REFUNDED are terminal. */
    static final Map<PaymentStatus, Set<PaymentStatus>> TRANSITIONS = Map.of(
            QUEUED, EnumSet.of(CREATED, REQUIRES_ACTION, PROVIDER_PENDING, SUCCEEDED, FAILED, EXPIRED, CANCELLED),
            // CREATED -> QUEUED: the platform could not be reached; the payment has not left the hub yet
            CREATED, EnumSet.of(QUEUED, REQUIRES_ACTION, PROVIDER_PENDING, SUCCEEDED, FAILED, EXPIRED, CANCELLED),
            // 3-D Secure: the next step (REQUIRES_ACTION again), then authorised, or straight to an outcome
            REQUIRES_ACTION, EnumSet.of(REQUIRES_ACTION, PROVIDER_PENDING, SUCCEEDED, FAILED, EXPIRED, CANCELLED),
            PROVIDER_PENDING, EnumSet.of(SUCCEEDED, FAILED, EXPIRED, CANCELLED),
            SUCCEEDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED),
            PARTIALLY_REFUNDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED));

    /**
     * @param status          the payment's status now
     * @param effect          what the platform event asks for
     * @param amount          the payment's amount
     * @param refundedAmount  what has been refunded so far
     * @param eventAmount     the event's amount, when it carries one (refunds)
     */
    public Decision decide(PaymentStatus status, EventEffect effect, long amount, long refundedAmount, Long eventAmount) {
        EventEffect.Kind kind = effect == null ? EventEffect.Kind.NONE : effect.kind();
        switch (kind) {
            case REFUND_SUCCEEDED, REFUNDED_TOTAL -> {
                if (!allows(status, REFUNDED) || (eventAmount != null && eventAmount <= 0)) {
                    return Decision.ignored(status, refundedAmount);
                }
                long refunded = kind == EventEffect.Kind.REFUNDED_TOTAL
                        // a total never takes the refunded amount back (events may arrive out of order)
                        ? Math.max(refundedAmount, eventAmount == null ? amount : Math.min(amount, eventAmount))
                        : Math.min(amount, refundedAmount + (eventAmount == null ? amount - refundedAmount : eventAmount));
                if (refunded == refundedAmount && kind == EventEffect.Kind.REFUNDED_TOTAL) {
                    return new Decision(status, false, false, refundedAmount);
                }
                PaymentStatus next = refunded >= amount ? REFUNDED : PARTIALLY_REFUNDED;
                return new Decision(next, next != status, false, refunded);
            }
            case REFUND_FAILED -> {
                // a refund that failed leaves the payment as it was; it still belongs in the history
                return new Decision(status, false, false, refundedAmount);
            }
            case STATUS -> {
                PaymentStatus target = effect.target();
                if (target == status) {
                    // consistent with what the hub knows already (e.g. pending after the create answer): not out of order
                    return new Decision(status, false, false, refundedAmount);
                }
                if (!allows(status, target)) {
                    return Decision.ignored(status, refundedAmount);
                }
                return new Decision(target, true, false, refundedAmount);
            }
            default -> {
                return Decision.ignored(status, refundedAmount);
            }
        }
    }

    public boolean allows(PaymentStatus from, PaymentStatus to) {
        return TRANSITIONS.getOrDefault(from, Set.of()).contains(to);
    }

    /** What an event does to a payment: its next status, whether that is a change, and whether it was ignored. */
    public record Decision(PaymentStatus next, boolean changed, boolean ignored, long refundedAmount) {
        static Decision ignored(PaymentStatus status, long refundedAmount) {
            return new Decision(status, false, true, refundedAmount);
        }
    }
}
