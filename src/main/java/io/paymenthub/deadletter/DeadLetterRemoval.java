package io.paymenthub.deadletter;

import io.paymenthub.common.HubHttpException;
import jakarta.jms.JMSException;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * {@code DELETE /api/admin/dead-letters/{messageId}[?queue=]} (contract section 8): the dead letter is taken off its
 * DLQ for good (looked for as a replay looks for it); an id no DLQ holds is 404.
 */
@Component("deadLetterRemoval")
public class DeadLetterRemoval {

    private final DeadLetterQueues queues;
    private final DeadLetterStore store;

    public DeadLetterRemoval(DeadLetterQueues queues, DeadLetterStore store) {
        this.queues = queues;
        this.store = store;
    }

    /** @return the queue whose dead letter it was */
    public String delete(@Header("messageId") String messageId, @Header("queue") String queue) throws JMSException {
        DeadLetterStore.Found found = store.find(messageId, queues.candidates(queue))
                .orElseThrow(() -> HubHttpException.notFound("Dead letter"));
        if (!store.remove(messageId, found.letter().queue())) {
            throw HubHttpException.notFound("Dead letter");
        }
        return found.letter().queue();
    }
}
