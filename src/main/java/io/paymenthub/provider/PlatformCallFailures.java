package io.paymenthub.provider;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Runs on every failed attempt of a platform call (the policy's onExceptionOccurred): a call that got
 * no answer at all (timeout, refused connection) is counted in billing_api_errors_total as
 * {@code status="no_response"} and makes the platform unavailable in health; answered calls are counted where the
 * answer is read.
 */
@Component("platformCallFailures")
public class PlatformCallFailures implements Processor {

    private final PlatformCallMetrics metrics;
    private final ProviderStates platforms;

    public PlatformCallFailures(PlatformCallMetrics metrics, ProviderStates platforms) {
        this.metrics = metrics;
        this.platforms = platforms;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
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
