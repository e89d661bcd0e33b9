package io.paymenthub.broker;

import java.time.Clock;

import io.paymenthub.common.FailureReason;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsEndpoint;
import org.springframework.stereotype.Component;

/**
 * Names the dead-letter queue of a failed broker message ({@code DLQ.<source queue>}), states why it failed in
 * {@value #REASON}, without echoing payload values, and when in {@value #FAILED_AT} (ISO-8601 UTC), which the admin
 * API lists as the dead letter's {@code failedAt}. A replay drops these three headers again.
 */
@Component("deadLetterLabeller")
public class DeadLetterLabeller {

    /** Why the message could not be processed (contract section 6). */
    public static final String REASON = "hubFailureReason";
    /** Where the dead letter goes: {@code DLQ.<source queue>}. */
    public static final String DEAD_LETTER_QUEUE = "hubDeadLetterQueue";
    /** When the message was dead-lettered, ISO-8601 UTC. */
    public static final String FAILED_AT = "hubDeadLetteredAt";

    static final int MAX_REASON_LENGTH = 500;

    private final Clock clock;

    public DeadLetterLabeller(Clock clock) {
        this.clock = clock;
    }

    public void label(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getMessage().setHeader(REASON, reason(cause));
        exchange.getMessage().setHeader(DEAD_LETTER_QUEUE, "DLQ." + sourceQueue(exchange.getFromEndpoint()));
        exchange.getMessage().setHeader(FAILED_AT, clock.instant().toString());
    }

    static String reason(Throwable cause) {
        return cause == null ? "unknown failure" : FailureReason.of(cause, MAX_REASON_LENGTH);
    }

    static String sourceQueue(Endpoint from) {
        if (from instanceof JmsEndpoint jms) {
            return jms.getDestinationName();
        }
        return "unknown";
    }
}
