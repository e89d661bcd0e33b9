package io.paymenthub.payment;

import java.util.EnumSet;
import java.util.Set;

import io.paymenthub.provider.PaymentProviders;
import io.paymenthub.provider.PlatformRequest;
import io.paymenthub.common.ErrorResponder;
import io.paymenthub.common.HubHttpException;
import org.apache.camel.Exchange;
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
    private final PaymentProviders providers;
    private final PaymentTransitions transitions;
    private final TransactionTemplate transaction;
    private final ErrorResponder errors;

    public PaymentCancellation(PaymentRepository payments, PaymentProviders providers, PaymentTransitions transitions,
                               TransactionTemplate transaction, ErrorResponder errors) {
        this.errors = errors;
        this.payments = payments;
        this.providers = providers;
        this.transitions = transitions;
        this.transaction = transaction;
    }

    public PlatformRequest request(@ExchangeProperty("hubPayment") Payment payment) {
        if (!CANCELLABLE.contains(payment.status()) || payment.providerPaymentId() == null) {
            throw notCancellable(payment);
        }
        return providers.of(payment.provider()).cancel(payment);
    }

    public Payment cancelled(@ExchangeProperty("hubPayment") Payment payment) {
        // a webhook that got there first leaves nothing to move
        transaction.executeWithoutResult(tx -> payments.lockById(payment.id())
                .ifPresent(current -> transitions.move(current, PaymentStatus.CANCELLED, null)));
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
