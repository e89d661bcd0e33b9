package io.paymenthub.deadletter;

import io.paymenthub.logging.LifecycleLog;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One audit line for each dead-letter action an operator took (contract section 8): who (the admin key's name), what,
 * which message and queue. Never the body. A refused request (400, 404) changed nothing and has no audit line.
 */
@Component("deadLetterAudit")
public class DeadLetterAudit {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterAudit.class);

    public void listed(@ExchangeProperty("hubOperator") String operator, @ExchangeProperty("hubDeadLetterQueue") String queue,
                       @ExchangeProperty("hubDeadLetters") DeadLetterListing.Page page) {
        LifecycleLog.info(log, "admin.dead-letters.listed", "Dead letters listed", "operator", operator, "queue", queue,
                "count", page.count());
    }

    public void replayed(@ExchangeProperty("hubOperator") String operator, @Header("messageId") String messageId,
                         @ExchangeProperty("hubReplay") DeadLetterReplay.Outcome outcome) {
        if (outcome.replayed()) {
            LifecycleLog.info(log, "admin.dead-letter.replayed", "Dead letter replayed", "operator", operator,
                    "messageId", messageId, "queue", outcome.target());
        } else {
            LifecycleLog.info(log, "admin.dead-letter.dry-run", "Dead letter replay tried as a dry run", "operator", operator,
                    "messageId", messageId, "queue", outcome.target(), "wouldReplay", outcome.wouldReplay());
        }
    }

    public void deleted(@ExchangeProperty("hubOperator") String operator, @Header("messageId") String messageId,
                        @ExchangeProperty("hubDeletedFrom") String queue) {
        LifecycleLog.info(log, "admin.dead-letter.deleted", "Dead letter deleted", "operator", operator,
                "messageId", messageId, "queue", queue);
    }
}
