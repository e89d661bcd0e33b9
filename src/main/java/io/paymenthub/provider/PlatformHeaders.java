package io.paymenthub.provider;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** What every provider's HTTP exchange does to the message before a call and after its answer. */
public final class PlatformHeaders {

    private PlatformHeaders() {
    }

    /**
     * Drops every header (the caller's — a client's API key never reaches a platform —, the platform's answer's,
     * platform-http's CamelHttpPath that camel-http would append to the URL) but Camel's redelivery state:
     * without it every retry would count as the first and a platform that stays down would be retried for ever.
     */
    public static void clear(Message message) {
        message.removeHeaders("*", Exchange.REDELIVERY_COUNTER, Exchange.REDELIVERY_MAX_COUNTER, Exchange.REDELIVERED);
    }
}
