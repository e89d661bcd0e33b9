package io.paymenthub.deadletter;

import java.util.List;

import io.paymenthub.common.HubHttpException;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The queues whose dead letters the admin API shows: the hub's own consumers' queues (contract section 6), each
 * dead-lettering to {@code DLQ.<queue>} (routes/policies/sendToDeadLetter.yaml). A request names a queue by its
 * original name ({@code payments.requests}), never by its DLQ's, and only one of these: any other is refused, so the
 * admin API cannot be pointed at another system's queue.
 */
@Component("deadLetterQueues")
public class DeadLetterQueues {

    /** Which consumer a queue feeds: its validation is what a dry run applies. */
    public enum Consumer { PAYMENT_REQUESTS, REFUND_REQUESTS, WEBHOOK_EVENTS }

    private final String paymentRequests;
    private final String refundRequests;
    private final String webhookEvents;

    public DeadLetterQueues(@Value("${hub.queues.payment-requests}") String paymentRequests,
                            @Value("${hub.queues.refund-requests}") String refundRequests,
                            @Value("${hub.webhooks.queue}") String webhookEvents) {
        this.paymentRequests = paymentRequests;
        this.refundRequests = refundRequests;
        this.webhookEvents = webhookEvents;
    }

    /**
     * @return the queue the request names
     * @throws HubHttpException 400 {@code MISSING_FIELD} without one, {@code INVALID_FIELD} for one that is not the hub's
     */
    public String required(@Header("queue") String queue) {
        if (queue == null || queue.isBlank()) {
            throw new HubHttpException(400, "MISSING_FIELD", "queue is required");
        }
        if (!all().contains(queue)) {
            throw new HubHttpException(400, "INVALID_FIELD", "queue must be one of " + all());
        }
        return queue;
    }

    /** @return the queue the request names, else every queue (a replay or delete of a message id found in any of them) */
    public List<String> candidates(String queue) {
        return queue == null || queue.isEmpty() ? all() : List.of(required(queue));
    }

    public List<String> all() {
        return List.of(paymentRequests, refundRequests, webhookEvents);
    }

    public Consumer consumerOf(String queue) {
        if (queue.equals(paymentRequests)) {
            return Consumer.PAYMENT_REQUESTS;
        }
        if (queue.equals(refundRequests)) {
            return Consumer.REFUND_REQUESTS;
        }
        if (queue.equals(webhookEvents)) {
            return Consumer.WEBHOOK_EVENTS;
        }
        throw new IllegalArgumentException("Not one of the hub's queues: " + queue);
    }

    public static String deadLetterQueueOf(String queue) {
        return "DLQ." + queue;
    }
}
