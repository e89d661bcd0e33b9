package io.paymenthub.payment;

import java.time.Clock;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.paymenthub.webhook.WebhookEvent;
import io.paymenthub.webhook.WebhookEventParser;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a webhook event off the broker and applies it exactly once, in one database transaction:
 * the event's key in {@code payment_events} turns a redelivered copy into a no-op, the payment's row
 * lock orders concurrent events of one payment, and an event for a payment the hub does not know
 * yet is kept for {@link ParkedEventReplayer}.
 */
@Component("paymentEventHandler")
public class PaymentEventHandler {

    private static final Logger log = LoggerFactory.getLogger(PaymentEventHandler.class);

    private final WebhookEventParser parser;
    private final PaymentRepository payments;
    private final PaymentEventStore events;
    private final PaymentTransitions applier;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Timer duration;

    public PaymentEventHandler(WebhookEventParser parser, PaymentRepository payments, PaymentEventStore events,
                               PaymentTransitions applier, TransactionTemplate transaction, Clock clock,
                               MeterRegistry registry) {
        this.parser = parser;
        this.payments = payments;
        this.events = events;
        this.applier = applier;
        this.transaction = transaction;
        this.clock = clock;
        this.duration = Timer.builder("billing.webhook.processing.duration")
                .description("Time to apply one webhook event to the payment's state")
                .publishPercentileHistogram()
                .register(registry);
    }

    public void handle(@Header("hubProvider") String provider, @Body byte[] body) {
        WebhookEvent event = parser.parse(provider, body);
        duration.record(() -> transaction.executeWithoutResult(status -> apply(provider, event)));
    }

    private void apply(String provider, WebhookEvent event) {
        if (!events.recordIfNew(provider, event, clock.instant())) {
            log.info("Webhook event already applied provider={} eventId={}", provider, event.eventId());
            return;
        }
        Optional<Payment> payment = event.providerPaymentId() == null
                ? Optional.empty()
                : payments.lockByProviderPaymentId(provider, event.providerPaymentId());
        if (payment.isEmpty()) {
            log.info("Webhook event kept until its payment is known provider={} eventId={} paymentId={}",
                    provider, event.eventId(), event.providerPaymentId());
            return;
        }
        applier.apply(payment.get(), provider, event);
    }
}
