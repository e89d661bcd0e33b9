package io.paymenthub.broker;

import io.paymenthub.common.FailureReason;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsEndpoint;
import org.springframework.stereotype.Component;

/**
 * Names the dead-letter queue of a failed broker message ({@code DLQ.<source queue>}) and states why
 * it failed in {@code hubFailureReason}, without echoing payload values.
 */
@Component("deadLetterLabeller")
public class DeadLetterLabeller {

    static final int MAX_REASON_LENGTH = 500;

    public void label(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getMessage().setHeader("hubFailureReason", reason(cause));
        exchange.getMessage().setHeader("hubDeadLetterQueue", "DLQ." + sourceQueue(exchange.getFromEndpoint()));
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
