package io.paymenthub.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.paymenthub.broker.InternalEnvelope;
import io.paymenthub.common.CardNumberMasker;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.confirmation.ConfirmationMessages;
import io.paymenthub.payment.CardDataOnQueues;
import io.paymenthub.payment.PaymentIdempotency;
import io.paymenthub.payment.PaymentRequest;
import io.paymenthub.payment.PaymentRequestParser;
import io.paymenthub.refund.RefundIntake;
import io.paymenthub.webhook.WebhookEventMessages;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * A replay's dry run (contract section 8): the dead letter runs through the checks its queue's consumer makes before
 * it changes anything, with the consumer's own beans, and nothing is written, sent or counted:
 * <ul>
 *   <li>payments.requests (receivePaymentRequest): the request's parsing and validation, the refusal of card data on
 *       a queue, the provider's rules and the {@code idempotencyKey} property;</li>
 *   <li>refunds.requests (processRefund): the refund intake's reading of the message;</li>
 *   <li>the internal webhooks queue (applyWebhookEvent): the hub's signature on the envelope, and the batch it holds;</li>
 *   <li>the confirmations queue (mailPaymentConfirmations): the event's reading and the mail it would compose (read
 *       only: no mail is sent and nothing is claimed).</li>
 * </ul>
 * What the consumer decides against the stored state (an idempotency conflict with a stored payment; a refund's payment,
 * status and amount left) is not part of a dry run: a replay can still be dead-lettered for it, with the reason.
 */
@Component("deadLetterDryRun")
public class DeadLetterDryRun {

    /** One thing the consumer would refuse: its error code and sentence, as the consumer's dead letter would state them. */
    public record Problem(String code, String message) {
    }

    private final DeadLetterQueues queues;
    private final PaymentRequestParser paymentRequests;
    private final CardDataOnQueues cardData;
    private final PaymentIdempotency paymentIdempotency;
    private final RefundIntake refundIntake;
    private final InternalEnvelope envelope;
    private final WebhookEventMessages webhookEvents;
    private final CamelContext camel;
    private final CardNumberMasker cardNumbers;
    private final ConfirmationMessages confirmations;

    public DeadLetterDryRun(DeadLetterQueues queues, PaymentRequestParser paymentRequests, CardDataOnQueues cardData,
                            PaymentIdempotency paymentIdempotency, RefundIntake refundIntake, InternalEnvelope envelope,
                            WebhookEventMessages webhookEvents, CamelContext camel, CardNumberMasker cardNumbers,
                            ConfirmationMessages confirmations) {
        this.confirmations = confirmations;
        this.queues = queues;
        this.paymentRequests = paymentRequests;
        this.cardData = cardData;
        this.paymentIdempotency = paymentIdempotency;
        this.refundIntake = refundIntake;
        this.envelope = envelope;
        this.webhookEvents = webhookEvents;
        this.camel = camel;
        this.cardNumbers = cardNumbers;
    }

    /** @return what the consumer of {@code queue} would refuse in this message; empty: it would take it */
    public List<Problem> problems(String queue, byte[] body, Map<String, Object> properties) {
        if (body == null) {
            return List.of(new Problem("NOT_REPLAYABLE", "Only a text or bytes message can be replayed"));
        }
        try {
            switch (queues.consumerOf(queue)) {
                case PAYMENT_REQUESTS -> {
                    PaymentRequest request = paymentRequests.parse(body);
                    cardData.refuse(request);
                    paymentIdempotency.validatedKey(request, text(properties.get("idempotencyKey")));
                }
                case REFUND_REQUESTS -> refundIntake.fromBroker(exchange(body, properties));
                case WEBHOOK_EVENTS -> {
                    String provider = text(properties.get("hubProvider"));
                    String problem = envelope.problemWith(provider, text(properties.get("hubEventId")),
                            text(properties.get(InternalEnvelope.SIGNATURE)), text(properties.get(InternalEnvelope.KEY_ID)), body);
                    if (problem != null) {
                        return List.of(new Problem("INVALID_SIGNATURE", "Internal envelope refused: " + problem));
                    }
                    webhookEvents.read(count(properties.get(WebhookEventMessages.EVENT_COUNT)), provider, body);
                }
                case CONFIRMATIONS -> confirmations.compose(new String(body, StandardCharsets.UTF_8));
            }
        } catch (Exception refused) {
            HubHttpException refusal = HubHttpException.in(refused);
            if (refusal != null) {
                return List.of(new Problem(refusal.getCode(), cardNumbers.mask(refusal.getMessage())));
            }
            // another failure's message may quote the body: its type only
            return List.of(new Problem("INVALID_MESSAGE", "The message cannot be read (" + refused.getClass().getSimpleName() + ")"));
        }
        return List.of();
    }

    private Exchange exchange(byte[] body, Map<String, Object> properties) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        properties.forEach(exchange.getMessage()::setHeader);
        return exchange;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Integer count(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
