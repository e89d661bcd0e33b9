package io.paymenthub.provider;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Runs on every failed attempt of a platform call (the policy's onExceptionOccurred): the attempt's circuit breaker
 * permit is settled with its failure ({@link PlatformCircuitBreakers} decides whether it counts); a call that got
 * no answer at all (timeout, refused connection) is counted in billing_api_errors_total as
 * {@code status="no_response"} and makes the platform unavailable in health; answered calls are counted where the
 * answer is read.
 */
@Component("platformCallFailures")
public class PlatformCallFailures implements Processor {

    /** The exchange property routes/providers/attemptPlatformCall.yaml keeps the attempt's permit in. */
    static final String PERMIT = "hubCircuitPermit";

    private final PlatformCallMetrics metrics;
    private final ProviderStates platforms;
    private final PlatformCircuitBreakers breakers;

    public PlatformCallFailures(PlatformCallMetrics metrics, ProviderStates platforms, PlatformCircuitBreakers breakers) {
        this.metrics = metrics;
        this.platforms = platforms;
        this.breakers = breakers;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        // once per attempt: a permit already settled (an earlier attempt's, when this one was not permitted) stays so
        breakers.failed(exchange.getProperty(PERMIT, PlatformCircuitBreakers.Permit.class), failure);
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException) {
                PlatformRequest request = exchange.getProperty("hubPlatformRequest", PlatformRequest.class);
                if (request != null) {
                    metrics.failed(request.provider(), request.endpoint(), "no_response");
                    platforms.unavailable(request.provider());
                }
                return;
            }
        }
    }
}
