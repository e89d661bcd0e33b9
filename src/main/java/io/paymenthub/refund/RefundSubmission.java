package io.paymenthub.refund;

import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.provider.PaymentProviders;
import io.paymenthub.provider.PlatformRefusedException;
import io.paymenthub.provider.PlatformRequest;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRepository;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import io.paymenthub.logging.LifecycleLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a recorded refund to the platform with the refund's idempotency key and records the answer.
 * The platform's refund.* webhooks then move the payment to PARTIALLY_REFUNDED or REFUNDED.
 */
@Component("refundSubmission")
public class RefundSubmission {

    private static final Logger log = LoggerFactory.getLogger(RefundSubmission.class);

    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final PaymentProviders providers;
    private final Clock clock;

    public RefundSubmission(PaymentRepository payments, RefundRepository refunds, PaymentProviders providers, Clock clock) {
        this.providers = providers;
        this.payments = payments;
        this.refunds = refunds;
        this.clock = clock;
    }

    public PlatformRequest request(@ExchangeProperty("hubRefund") Refund refund) {
        Payment payment = payments.findById(refund.paymentId()).orElseThrow(() -> HubHttpException.notFound("Payment"));
        if (payment.providerPaymentId() == null) {
            throw new HubHttpException(409, "NOT_REFUNDABLE", "The payment is not known to the platform");
        }
        return providers.of(payment.provider()).refund(payment, refund);
    }

    public void submitted(@ExchangeProperty("hubRefund") Refund refund, @Body JsonNode platformRefund) {
        String provider = payments.findById(refund.paymentId()).map(Payment::provider).orElseThrow();
        refunds.markSubmitted(refund.id(), providers.of(provider).readRefundId(platformRefund), clock.instant());
        LifecycleLog.info(log, "refund.initiated", "Refund submitted", "refundId", refund.id(), "paymentId", refund.paymentId(),
                "provider", provider, "amount", refund.amount());
    }

    public void refused(@ExchangeProperty("hubRefund") Refund refund,
                        @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        PlatformRefusedException refusal = PlatformRefusedException.in(failure);
        String code = refusal == null ? "PLATFORM_REFUSED" : refusal.getCode();
        refunds.markFailed(refund.id(), code, clock.instant());
        LifecycleLog.warn(log, "refund.failed", "Refund refused by the platform", "refundId", refund.id(),
                "paymentId", refund.paymentId(), "reason", code);
    }
}
