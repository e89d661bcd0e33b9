package io.paymenthub.provider;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code billing_api_errors_total{provider,endpoint,status}} (seed 000, Track Metrics): failed calls to a
 * platform, by the call's name ({@code POST /payments}, never a payment id) and the HTTP status, or
 * {@code no_response} for a call that got no answer at all.
 */
@Component("platformCallMetrics")
public class PlatformCallMetrics {

    private final MeterRegistry registry;

    public PlatformCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void failed(String provider, String endpoint, String status) {
        Counter.builder("billing.api.errors").description("Failed calls to a payment platform by endpoint and status")
                .tag("provider", provider).tag("endpoint", endpoint).tag("status", status).register(registry).increment();
    }
}
