package io.paymenthub.broker;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The queues the hub's own consumers read, each dead-lettering to {@code DLQ.<queue>}
 * (routes/policies/sendToDeadLetter.yaml): the one list that the depth gauges ({@link QueueDepths}) and the admin
 * API's dead letters (io.paymenthub.deadletter) are about, so a new consumer's queue is watched and its dead letters
 * can be replayed without a second list to forget.
 */
@Component("hubQueues")
public class HubQueues {

    /** Which consumer a queue feeds. */
    public enum Consumer {
        /** receivePaymentRequest: {@code payments.requests} (contract section 6) */
        PAYMENT_REQUESTS,
        /** processRefund: {@code refunds.requests} (contract section 6) */
        REFUND_REQUESTS,
        /** applyWebhookEvent: the internal queue between the webhook endpoint and its handler */
        WEBHOOK_EVENTS,
        /** mailPaymentConfirmations: the internal queue of customer e-mail confirmations */
        CONFIRMATIONS
    }

    private final String paymentRequests;
    private final String refundRequests;
    private final String webhookEvents;
    private final String confirmations;

    public HubQueues(@Value("${hub.queues.payment-requests}") String paymentRequests,
                     @Value("${hub.queues.refund-requests}") String refundRequests,
                     @Value("${hub.webhooks.queue}") String webhookEvents,
                     @Value("${hub.confirmations.queue:hub.confirmations}") String confirmations) {
        this.paymentRequests = paymentRequests;
        this.refundRequests = refundRequests;
        this.webhookEvents = webhookEvents;
        this.confirmations = confirmations;
    }

    public List<String> all() {
        return List.of(paymentRequests, refundRequests, webhookEvents, confirmations);
    }

    public Optional<Consumer> consumerOf(String queue) {
        if (paymentRequests.equals(queue)) {
            return Optional.of(Consumer.PAYMENT_REQUESTS);
        }
        if (refundRequests.equals(queue)) {
            return Optional.of(Consumer.REFUND_REQUESTS);
        }
        if (webhookEvents.equals(queue)) {
            return Optional.of(Consumer.WEBHOOK_EVENTS);
        }
        if (confirmations.equals(queue)) {
            return Optional.of(Consumer.CONFIRMATIONS);
        }
        return Optional.empty();
    }

    public static String deadLetterQueueOf(String queue) {
        return "DLQ." + queue;
    }
}
