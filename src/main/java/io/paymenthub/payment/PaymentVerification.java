package io.paymenthub.payment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.billing.PlatformRequest;
import io.paymenthub.outbox.PaymentEventOutbox;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code GET /api/payments/{id}?verify=true} (seed 000: verify the payment status on the backend before
 * granting access): asks the platform for the payment and moves the hub's status where the state
 * machine allows it.
 */
@Component("paymentVerification")
public class PaymentVerification {

    private final PaymentRepository payments;
    private final PaymentStateMachine stateMachine;
    private final PaymentEventOutbox outbox;
    private final PaymentMetrics metrics;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public PaymentVerification(PaymentRepository payments, PaymentStateMachine stateMachine, PaymentEventOutbox outbox,
                               PaymentMetrics metrics, TransactionTemplate transaction, Clock clock) {
        this.payments = payments;
        this.stateMachine = stateMachine;
        this.outbox = outbox;
        this.metrics = metrics;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Only a payment the platform knows can be verified there; a QUEUED one is answered as it is. */
    public boolean canVerify(@ExchangeProperty("hubPayment") Payment payment) {
        return payment.providerPaymentId() != null;
    }

    public PlatformRequest request(@ExchangeProperty("hubPayment") Payment payment) {
        return PlatformRequest.get("/payments/" + URLEncoder.encode(payment.providerPaymentId(), StandardCharsets.UTF_8),
                "GET /payments/{id}");
    }

    public Payment apply(@ExchangeProperty("hubPayment") Payment payment, @Body JsonNode platformPayment) {
        PaymentStatus reported = stateMachine.fromPlatform(platformPayment.path("status").asText(null));
        transaction.executeWithoutResult(tx -> payments.lockById(payment.id()).ifPresent(current -> {
            if (!stateMachine.allows(current.status(), reported)) {
                return;
            }
            Instant now = clock.instant();
            Payment updated = current.withState(reported, current.refundedAmount(), now);
            payments.updateState(current.id(), reported, current.refundedAmount(), now);
            outbox.paymentStatusChanged(updated, "payment." + reported.name().toLowerCase(Locale.ROOT), now);
            if (reported == PaymentStatus.SUCCEEDED) {
                metrics.succeeded();
            }
        }));
        return payments.findById(payment.id()).orElseThrow();
    }
}
