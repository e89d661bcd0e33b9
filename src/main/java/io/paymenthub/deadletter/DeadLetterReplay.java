package io.paymenthub.deadletter;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.paymenthub.common.HubHttpException;
import jakarta.jms.JMSException;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/admin/dead-letters/{messageId}/replay[?queue=][&dryRun=true]} (contract section 8): the dead letter
 * goes back onto its original queue, once ({@link DeadLetterStore#moveBack}); it is looked for on the DLQ of the
 * {@code queue} given, else on each of the hub's DLQs. An id no DLQ holds (any more: a second replay) is 404.
 * With {@code dryRun=true} nothing changes: the message runs through its consumer's validation only
 * ({@link DeadLetterDryRun}) and the answer says whether a replay would be taken.
 */
@Component("deadLetterReplay")
public class DeadLetterReplay {

    private final DeadLetterQueues queues;
    private final DeadLetterStore store;
    private final DeadLetterDryRun dryRun;

    public DeadLetterReplay(DeadLetterQueues queues, DeadLetterStore store, DeadLetterDryRun dryRun) {
        this.queues = queues;
        this.store = store;
        this.dryRun = dryRun;
    }

    /**
     * The answer's body: {@code {"replayed": true}}, or for a dry run
     * {@code {"replayed": false, "dryRun": true, "wouldReplay", "queue", "errors": [{"code", "message"}]}}.
     *
     * @param target the queue it went (or would go) back to, for the audit line
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(boolean replayed, Boolean dryRun, Boolean wouldReplay, String queue,
                          List<DeadLetterDryRun.Problem> errors, @JsonIgnore String target) {
    }

    public Outcome replay(@Header("messageId") String messageId, @Header("queue") String queue,
                          @Header("dryRun") String dryRunParameter) throws JMSException {
        boolean dry = dryRun(dryRunParameter);
        List<String> candidates = queues.candidates(queue);
        DeadLetterStore.Found found = store.find(messageId, candidates)
                .orElseThrow(() -> HubHttpException.notFound("Dead letter"));
        String original = found.letter().queue();
        if (dry) {
            List<DeadLetterDryRun.Problem> problems = dryRun.problems(original, found.body(), found.properties());
            return new Outcome(false, true, problems.isEmpty(), original, problems, original);
        }
        if (!store.moveBack(messageId, original)) {
            // taken by a concurrent replay or delete since it was found
            throw HubHttpException.notFound("Dead letter");
        }
        return new Outcome(true, null, null, null, null, original);
    }

    static boolean dryRun(String given) {
        if (given == null || given.isBlank() || given.equalsIgnoreCase("false")) {
            return false;
        }
        if (given.equalsIgnoreCase("true")) {
            return true;
        }
        throw new HubHttpException(400, "INVALID_FIELD", "dryRun must be true or false");
    }
}
