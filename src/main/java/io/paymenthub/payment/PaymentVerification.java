package io.paymenthub.payment;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.provider.PaymentProviders;
import io.paymenthub.provider.PlatformRequest;
import io.paymenthub.provider.ProviderPayment;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code GET /api/payments/{id}?verify=true} (seed 000: verify the payment status on the backend before
 * granting access): asks the payment's platform for it and moves the hub's status where the transition table
 * allows it.
 */
@Component("paymentVerification")
public class PaymentVerification {

    private final PaymentRepository payments;
    private final PaymentProviders providers;
    private final PaymentTransitions transitions;
    private final TransactionTemplate transaction;

    public PaymentVerification(PaymentRepository payments, PaymentProviders providers, PaymentTransitions transitions,
                               TransactionTemplate transaction) {
        this.payments = payments;
        this.providers = providers;
        this.transitions = transitions;
        this.transaction = transaction;
    }

    /** Only a payment the platform knows can be verified there; a QUEUED one is answered as it is. */
    public boolean canVerify(@ExchangeProperty("hubPayment") Payment payment) {
        return payment.providerPaymentId() != null;
    }

    public PlatformRequest request(@ExchangeProperty("hubPayment") Payment payment) {
        return providers.of(payment.provider()).getPayment(payment);
    }

    public Payment apply(@ExchangeProperty("hubPayment") Payment payment, @Body JsonNode platformPayment) {
        ProviderPayment reported = providers.of(payment.provider()).readPayment(platformPayment);
        transaction.executeWithoutResult(tx -> payments.lockById(payment.id())
                .ifPresent(current -> transitions.move(current, reported.status(), null)));
        return payments.findById(payment.id()).orElseThrow();
    }
}
