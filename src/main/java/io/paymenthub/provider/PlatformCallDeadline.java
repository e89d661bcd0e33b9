package io.paymenthub.provider;

import java.time.Duration;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Decides whether a failed platform call gets another attempt (the {@code retryWhile} of
 * routes/policies/platformCallPolicy.yaml): within {@code hub.retry.max-attempts}, and, for a call made while an HTTP
 * client waits, only if the back-off plus one whole attempt (connect and read timeout) still ends before
 * {@code hub.platform.request-deadline}, counted from the request's arrival. So a hanging platform gives the
 * client its 202 QUEUED within the deadline, instead of the web container's async timeout answering for it.
 * Calls without a waiting client (background retry, broker consumers) use the full retry budget.
 */
@Component("platformCallDeadline")
public class PlatformCallDeadline {

    private static final Logger log = LoggerFactory.getLogger(PlatformCallDeadline.class);

    private final RedeliveryPolicy policy;
    private final Duration deadline;
    private final Duration attempt;

    public PlatformCallDeadline(@Qualifier("platformRetryPolicy") RedeliveryPolicy policy,
                                @Value("${hub.platform.request-deadline:25s}") Duration deadline,
                                @Value("${hub.platform.connect-timeout:3000}") long connectTimeoutMillis,
                                @Value("${hub.platform.read-timeout:10000}") long readTimeoutMillis,
                                @Value("${spring.mvc.async.request-timeout:30s}") Duration asyncTimeout) {
        this.policy = policy;
        this.deadline = deadline;
        this.attempt = Duration.ofMillis(connectTimeoutMillis + readTimeoutMillis);
        if (asyncTimeout.compareTo(deadline) <= 0) {
            // the container would answer 503 INTERNAL_ERROR before the hub could answer QUEUED
            throw new IllegalStateException("spring.mvc.async.request-timeout (" + asyncTimeout
                    + ") must be longer than hub.platform.request-deadline (" + deadline + ")");
        }
    }

    /** Called by Camel with the redelivery counter of the attempt that would come next (1 = first retry). */
    public boolean allowsAnotherAttempt(Exchange exchange) {
        int next = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (next > policy.getMaximumRedeliveries()) {
            return false;
        }
        if (!hasWaitingClient(exchange)) {
            return true;
        }
        // the exchange was created when the request arrived
        long remaining = deadline.toMillis() - exchange.getClock().elapsed();
        if (delayBefore(next) + attempt.toMillis() > remaining) {
            log.info("No attempt {} of the platform call on {}: it could not end within the request deadline of {}",
                    next + 1, exchange.getFromRouteId(), deadline);
            return false;
        }
        return true;
    }

    /** The back-off the retry policy waits before redelivery {@code counter}. */
    long delayBefore(int counter) {
        long delay = 0;
        for (int n = 1; n <= counter; n++) {
            delay = policy.calculateRedeliveryDelay(delay, n);
        }
        return delay;
    }

    private static boolean hasWaitingClient(Exchange exchange) {
        Endpoint from = exchange.getFromEndpoint();
        return from != null && from.getEndpointUri().startsWith("platform-http:");
    }
}
