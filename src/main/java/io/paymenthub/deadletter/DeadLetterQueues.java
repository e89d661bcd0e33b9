package io.paymenthub.deadletter;

import java.util.List;

import io.paymenthub.broker.HubQueues;
import io.paymenthub.broker.HubQueues.Consumer;
import io.paymenthub.common.HubHttpException;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The queues whose dead letters the admin API shows: the hub's own consumers' queues ({@link HubQueues}), each
 * dead-lettering to {@code DLQ.<queue>} (routes/policies/sendToDeadLetter.yaml). A request names a queue by its
 * original name ({@code payments.requests}), never by its DLQ's, and only one of these: any other is refused, so the
 * admin API cannot be pointed at another system's queue.
 */
@Component("deadLetterQueues")
public class DeadLetterQueues {

    private final HubQueues queues;

    public DeadLetterQueues(HubQueues queues) {
        this.queues = queues;
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
        return queues.all();
    }

    public Consumer consumerOf(String queue) {
        return queues.consumerOf(queue).orElseThrow(() -> new IllegalArgumentException("Not one of the hub's queues: " + queue));
    }

    public static String deadLetterQueueOf(String queue) {
        return HubQueues.deadLetterQueueOf(queue);
    }
}
