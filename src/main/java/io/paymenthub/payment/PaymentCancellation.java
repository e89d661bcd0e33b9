package io.paymenthub.payment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import io.paymenthub.billing.PlatformRequest;
import io.paymenthub.common.ErrorResponder;
import io.paymenthub.common.HubHttpException;
import org.apache.camel.Exchange;
import io.paymenthub.outbox.PaymentEventOutbox;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /api/payments/{id}/cancel}: cancels at the platform, then records CANCELLED. Only a payment
 * the platform holds and has not finished can be cancelled; anything else is 409. A QUEUED payment is
 * refused too: an earlier attempt may have reached the platform after all, and cancelling only here
 * could leave a live payment there.
 */
@Component("paymentCancellation")
public class PaymentCancellation {

    private static final Set<PaymentStatus> CANCELLABLE = EnumSet.of(PaymentStatus.CREATED, PaymentStatus.PROVIDER_PENDING);

    private final PaymentRepository payments;
    private final PaymentStateMachine stateMachine;
    private final PaymentEventOutbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ErrorResponder errors;

    public PaymentCancellation(PaymentRepository payments, PaymentStateMachine stateMachine, PaymentEventOutbox outbox,
                               TransactionTemplate transaction, Clock clock, ErrorResponder errors) {
        this.errors = errors;
        this.payments = payments;
        this.stateMachine = stateMachine;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
    }

    public PlatformRequest request(@ExchangeProperty("hubPayment") Payment payment) {
        if (!CANCELLABLE.contains(payment.status()) || payment.providerPaymentId() == null) {
            throw notCancellable(payment);
        }
        return PlatformRequest.post("/payments/" + URLEncoder.encode(payment.providerPaymentId(), StandardCharsets.UTF_8)
                + "/cancel", "{}", "cancel_" + payment.id(), "POST /payments/{id}/cancel");
    }

    public Payment cancelled(@ExchangeProperty("hubPayment") Payment payment) {
        transaction.executeWithoutResult(tx -> payments.lockById(payment.id()).ifPresent(current -> {
            if (!stateMachine.allows(current.status(), PaymentStatus.CANCELLED)) {
                return; // a webhook got there first
            }
            Instant now = clock.instant();
            payments.updateState(current.id(), PaymentStatus.CANCELLED, current.refundedAmount(), now);
            outbox.paymentStatusChanged(current.withState(PaymentStatus.CANCELLED, current.refundedAmount(), now),
                    "payment.cancelled", now);
        }));
        return payments.findById(payment.id()).orElseThrow();
    }

    /** The platform refused to cancel (it has moved on): 409. */
    public void refused(Exchange exchange) {
        Payment payment = exchange.getProperty("hubPayment", Payment.class);
        HubHttpException refusal = notCancellable(payments.findById(payment.id()).orElse(payment));
        errors.respond(exchange, refusal.getStatus(), refusal.getCode(), refusal.getMessage());
    }

    private static HubHttpException notCancellable(Payment payment) {
        return new HubHttpException(409, "NOT_CANCELLABLE", "A payment in status " + payment.status() + " cannot be cancelled");
    }
}
