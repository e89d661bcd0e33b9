package io.paymenthub.logging;

import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.slf4j.MDC;

/**
 * The correlation id of one flow: taken at the hub's door from the caller ({@code X-Correlation-Id} on HTTP, the JMS
 * property {@code hubCorrelationId} on a queue) when it is a plain token, else new; kept in the exchange property
 * {@code hubCorrelationId} and in the logging MDC under {@code correlationId}, so every log line of the flow carries it
 * (a JSON field under {@code hub.log.format=json}); and put on every JMS message the flow sends
 * ({@link CorrelationIdOnMessages}). Camel's MDC unit of work ({@code camel.main.use-mdc-logging}) keeps the MDC value
 * with the exchange across threads and removes it when the exchange is done.
 */
public final class CorrelationIds {

    public static final String HTTP_HEADER = "X-Correlation-Id";
    /** The exchange property, and the JMS property on the hub's messages. */
    public static final String PROPERTY = "hubCorrelationId";
    public static final String MDC_KEY = "correlationId";

    /** A caller's id is used as it is only when it cannot carry anything into a log line but itself. */
    private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private CorrelationIds() {
    }

    /**
     * The flow takes the caller's id when it is a plain token, else its exchange's id: unique, already made, and the
     * same as the {@code camel.exchangeId} of its first lines. (Not a random UUID: {@code UUID.randomUUID()} takes the
     * JDK's one SecureRandom lock, which the webhook endpoint's threads then queued on.)
     */
    public static String enter(Exchange exchange, String offered) {
        String id = offered != null && PLAIN_TOKEN.matcher(offered).matches() ? offered : exchange.getExchangeId();
        exchange.setProperty(PROPERTY, id);
        MDC.put(MDC_KEY, id);
        return id;
    }

    /** @return the id of the flow running on this thread, or null outside one */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /** Runs one item of a batch (a webhook event on the webhooks queue) under its own flow's id, then restores the batch's. */
    public static <T> T within(String id, Supplier<T> work) {
        String outer = MDC.get(MDC_KEY);
        if (id != null) {
            MDC.put(MDC_KEY, id);
        }
        try {
            return work.get();
        } finally {
            if (outer == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, outer);
            }
        }
    }
}
